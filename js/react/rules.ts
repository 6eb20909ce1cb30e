// useCan: what a collection's API rules let the signed-in user do, live (the answer changes when
// the record or the user's own record does), so a UI can disable what the server would refuse.
import { useLiveValue, type LiveResult } from './live.js';

/** The write to ask about: a create with its data, an update of a record with its data, or a delete. */
export type CanQuery =
  | { create: Record<string, unknown> }
  | { update: string; data?: Record<string, unknown> }
  | { delete: string };

/**
 * Whether the rules let the replica's user make this write: `data` is true, false, or null when
 * only the server can tell (undefined while loading). The query is keyed by its JSON, so a new
 * object with the same content does not ask again.
 * @example
 * const { data: canDelete } = useCan('sessions', { delete: session.id });
 * <button disabled={canDelete === false}>Delete</button>
 */
export function useCan(
  collection: string,
  query: CanQuery | null,
  authCollection = 'users',
): LiveResult<boolean | null> {
  const key = query === null ? null : `can:${collection}:${JSON.stringify(query)}`;
  return useLiveValue(key, [collection, authCollection], async (replica) => {
    const records = replica.collection(collection);
    if ('create' in query!) return records.canCreate(query.create);
    if ('update' in query!) return records.canUpdate(query.update, query.data ?? {});
    return records.canDelete(query!.delete);
  });
}
