/** A small collection with the field types the JS tests exercise, as GET /api/collections returns it. */
export const notesCollection = {
  id: 'pbc_notes',
  name: 'notes',
  type: 'base',
  system: false,
  fields: [
    { id: 'text3208210256', name: 'id', type: 'text', primaryKey: true, system: true, min: 15, max: 15 },
    { id: 'f_title', name: 'title', type: 'text', max: 200 },
    { id: 'f_n', name: 'n', type: 'number' },
    { id: 'f_done', name: 'done', type: 'bool' },
    { id: 'f_tags', name: 'tags', type: 'select', maxSelect: 3, values: ['a', 'b', 'c'] },
    { id: 'f_meta', name: 'meta', type: 'json' },
    { id: 'f_updated', name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
  ],
  indexes: ['CREATE INDEX `idx_notes_updated` ON `notes` (`updated`)'],
};

/** A note record of notesCollection, as the REST API returns it. */
export function note(i: number, title = `note ${i}`) {
  return {
    collectionId: 'pbc_notes',
    collectionName: 'notes',
    id: `note${String(i).padStart(11, '0')}`,
    title,
    n: i,
    done: i % 2 === 0,
    tags: i % 3 === 0 ? ['a', 'c'] : [],
    meta: { i, nested: { ok: true } },
    updated: `2026-01-01 00:00:${String(i % 60).padStart(2, '0')}.000Z`,
  };
}
