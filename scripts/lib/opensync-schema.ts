import { dataKeys } from '../../js/schema-types.js';
import type { PocketBaseServer } from './pocketbase.js';

/** OpenSync's collections, in dependency order. */
export const OPENSYNC_COLLECTIONS = [
  'users',
  'sessions',
  'messages',
  'parts',
  'apiLogs',
  'sessionEmbeddings',
  'messageEmbeddings',
];

/** OpenSync's collections out of a server's collection list, reduced to their data-describing keys. */
export function selectOpenSyncCollections(
  items: Array<Record<string, unknown>>,
): Array<Record<string, unknown>> {
  return OPENSYNC_COLLECTIONS.map((name) => {
    const collection = items.find((c) => c.name === name);
    if (!collection) throw new Error(`the server has no collection '${name}'`);
    return dataKeys(collection);
  });
}

/** GET /api/collections (every page) as the superuser. */
export async function fetchServerCollections(
  server: PocketBaseServer,
): Promise<Array<Record<string, unknown>>> {
  return (await server.admin.collections.getFullList({ batch: 200 })) as unknown as Array<
    Record<string, unknown>
  >;
}
