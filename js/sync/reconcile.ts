import type { AuthVerdict } from './auth.js';
import type { SyncRuntime } from './context.js';
import { recordsPath, requestJson, SyncHttpError } from './http.js';
import { applyDeletes } from './pull.js';

/**
 * Id-set reconciliation: lists every id the server shows this user (`fields=id`, keyset pages)
 * and deletes local records it no longer shows: deletes the tombstones missed and rows that left
 * the user's list rule. Ids are snapshotted before listing, so records that arrive meanwhile are
 * never touched. `verifyAuth` runs before any delete: a revoked token lists nothing, and that
 * emptiness must not become deletes. Returns how many records were removed.
 */
export async function reconcileCollection(
  rt: SyncRuntime,
  collection: string,
  verifyAuth: () => Promise<AuthVerdict>,
): Promise<number> {
  const known = rt.engine.serverIds(collection);
  if (known.length === 0) return 0;
  const seen = new Set<string>();
  let after = '';
  for (;;) {
    const page = await requestJson<{ items: Array<{ id: string }> }>(rt, recordsPath(collection), {
      query: {
        perPage: 1000,
        sort: 'id',
        fields: 'id',
        skipTotal: 1,
        filter: after ? rt.pb.filter('id > {:after}', { after }) : undefined,
      },
      timeoutMs: rt.timeoutMs,
    });
    for (const item of page.items) seen.add(item.id);
    if (page.items.length < 1000) break;
    after = page.items.at(-1)!.id;
  }
  const gone = known.filter((id) => !seen.has(id));
  if (gone.length === 0) return 0;
  // A revoked or expired token lists as a guest, and an unverifiable one proves nothing: only a
  // token the server just renewed makes the missing ids a fact.
  const verdict = await verifyAuth();
  if (verdict !== 'valid')
    throw new SyncHttpError(verdict === 'invalid' ? 401 : 0, {
      message: `reconciliation stopped before deleting: the auth token is ${verdict === 'invalid' ? 'no longer valid' : 'unverified'}`,
    });
  rt.logger.info(`reconciliation: ${gone.length} ${collection} record(s) are gone from the server`);
  return applyDeletes(
    rt,
    collection,
    gone.map((id) => ({ id })),
  );
}
