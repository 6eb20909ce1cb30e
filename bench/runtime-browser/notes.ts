/** The benchmark's one collection: small records, as a to-do or note app writes them. */
export const notesSchema = [
  {
    id: 'pbc_notes',
    name: 'notes',
    type: 'base',
    fields: [
      { id: 'f_id', name: 'id', type: 'text', primaryKey: true, system: true, min: 15, max: 15 },
      { id: 'f_title', name: 'title', type: 'text' },
      { id: 'f_n', name: 'n', type: 'number' },
    ],
    indexes: [],
  },
];
