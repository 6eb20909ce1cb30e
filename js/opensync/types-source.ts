import { generateTypes } from '../codegen.js';
import type { CollectionDefinition } from '../schema-types.js';

/** The source of js/opensync/types.ts: `pocketlite codegen` output for OpenSync's schema. */
export function opensyncTypesSource(collections: CollectionDefinition[]): string {
  return generateTypes(collections, { importFrom: '../index.js', source: 'pocketbase/pb_migrations' });
}
