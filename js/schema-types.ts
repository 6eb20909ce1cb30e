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

/** The keys of a collection that describe its data: no timestamps, no auth options (token secrets). */
export const SCHEMA_KEYS = [
  'id',
  'name',
  'type',
  'system',
  'fields',
  'indexes',
  'listRule',
  'viewRule',
  'createRule',
  'updateRule',
  'deleteRule',
  'viewQuery',
] as const;

/** A collection reduced to its data-describing keys. */
export function dataKeys(collection: Record<string, unknown>): CollectionDefinition {
  return Object.fromEntries(
    SCHEMA_KEYS.filter((k) => k in collection).map((k) => [k, collection[k]]),
  ) as CollectionDefinition;
}

/** The app's schema: its collections (not PocketBase's internal ones), data-describing keys only. */
export function appSchema(collections: CollectionDefinition[]): CollectionDefinition[] {
  return collections.filter((c) => !c.name.startsWith('_')).map(dataKeys);
}
