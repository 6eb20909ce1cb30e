/** A field of a PocketBase collection, as GET /api/collections returns it (options vary by type). */
export interface FieldDefinition {
  id: string;
  name: string;
  type: string;
  system?: boolean;
  hidden?: boolean;
  required?: boolean;
  maxSelect?: number;
  values?: string[];
  collectionId?: string;
  [option: string]: unknown;
}

/** A PocketBase collection definition: what `applySchema` takes (extra keys are ignored). */
export interface CollectionDefinition {
  id: string;
  name: string;
  type: 'base' | 'auth' | 'view' | string;
  system?: boolean;
  fields: FieldDefinition[];
  indexes?: string[];
  listRule?: string | null;
  viewRule?: string | null;
  createRule?: string | null;
  updateRule?: string | null;
  deleteRule?: string | null;
  [key: string]: unknown;
}
