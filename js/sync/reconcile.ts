import type { ServerVersions } from '../model.js';
import type { AuthVerdict } from './auth.js';
import type { SyncRuntime } from './context.js';
import { recordsPath, requestJson, SyncHttpError } from './http.js';
import { applyDeletes } from './pull.js';
import { ENGINE } from '../wasm/constants.js';

/** Ids per page when a range is listed (the server's page limit). */
const PAGE = ENGINE.maxPerPage;
/** Ids per existence check (a filter of `id = …` terms). */
const CHECK_CHUNK = 50;

/** A range of `updated` values, [from, to); '' is unbounded. */
interface Range {
  from: string;
  to: string;
}

/**
 * Delete detection without tombstones, in O(log n) requests per deleted record: the server's
 * count of the user's records is compared with the replica's count of the records the server
 * last showed; equal counts end the check (one request). Where they differ, the range of
 * `updated` values is halved at the replica's middle version and only halves whose counts differ
 * are followed, down to ranges of at most 1000 records, whose ids are listed. Missing ids are
 * checked once more against the whole collection (a record updated since the pull moved to
 * another range), and `verifyAuth` runs before any delete: a revoked token lists nothing, and that
 * emptiness must not become deletes. Also finds rows that left the user's list rule. Returns how
 * many local records were removed.
 */
export async function reconcileCollection(
  rt: SyncRuntime,
  collection: string,
  verifyAuth: () => Promise<AuthVerdict>,
  leaf = PAGE,
): Promise<number> {
  const all = { from: '', to: '' };
  const local = rt.engine.serverVersions(collection);
  if (local.count === 0) return 0;
  const missing: string[] = [];
  const search = { rt, collection, leaf, missing };
  await bisect(search, all, await serverCount(rt, collection, all), local);
  const gone = await absentFromServer(rt, collection, missing);
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

/** One collection's delete search: ranges of at most `leaf` records are listed. */
interface Search {
  rt: SyncRuntime;
  collection: string;
  leaf: number;
  /** Local ids the server did not list in their range. */
  missing: string[];
}

// Follows the ranges whose counts differ, down to ranges small enough to list.
async function bisect(search: Search, range: Range, server: number, local: ServerVersions): Promise<void> {
  const { rt, collection } = search;
  if (server === local.count || local.count === 0) return;
  const middle = local.median ?? '';
  const lower = { from: range.from, to: middle };
  const upper = { from: middle, to: range.to };
  const localLower = local.count <= search.leaf ? null : rt.engine.serverVersions(collection, lower);
  // Small enough to list, or many records share one version (a batch import): no further split.
  if (!localLower || localLower.count === 0 || localLower.count === local.count) {
    search.missing.push(...(await missingInRange(rt, collection, range)));
    return;
  }
  const serverLower = await serverCount(rt, collection, lower);
  await bisect(search, lower, serverLower, localLower);
  await bisect(search, upper, server - serverLower, rt.engine.serverVersions(collection, upper));
}

function rangeFilter(rt: SyncRuntime, range: Range): string {
  const parts: string[] = [];
  if (range.from) parts.push(rt.pb.filter('updated >= {:from}', { from: range.from }));
  if (range.to) parts.push(rt.pb.filter('updated < {:to}', { to: range.to }));
  return parts.join(' && ');
}

async function serverCount(rt: SyncRuntime, collection: string, range: Range): Promise<number> {
  rt.metrics.deleteCheckRequests++;
  const page = await requestJson<{ totalItems: number }>(rt, recordsPath(collection), {
    query: { page: 1, perPage: 1, fields: 'id', filter: rangeFilter(rt, range) || undefined },
    timeoutMs: rt.timeoutMs,
  });
  return page.totalItems;
}

// The local ids of the range that the server does not list in it (keyset pages of ids).
async function missingInRange(rt: SyncRuntime, collection: string, range: Range): Promise<string[]> {
  const seen = new Set<string>();
  let after = '';
  for (;;) {
    const filter = [rangeFilter(rt, range), after ? rt.pb.filter('id > {:after}', { after }) : '']
      .filter(Boolean)
      .join(' && ');
    rt.metrics.deleteCheckRequests++;
    const page = await requestJson<{ items: Array<{ id: string }> }>(rt, recordsPath(collection), {
      query: { perPage: PAGE, sort: 'id', fields: 'id', skipTotal: 1, filter: filter || undefined },
      timeoutMs: rt.timeoutMs,
    });
    for (const item of page.items) seen.add(item.id);
    if (page.items.length < PAGE) break;
    after = page.items.at(-1)!.id;
  }
  return (rt.engine.serverVersions(collection, { ...range, ids: true }).ids ?? []).filter(
    (id) => !seen.has(id),
  );
}

// Of `ids`, those the server does not show at all (a record updated since the pull is elsewhere).
async function absentFromServer(rt: SyncRuntime, collection: string, ids: string[]): Promise<string[]> {
  const absent: string[] = [];
  for (let start = 0; start < ids.length; start += CHECK_CHUNK) {
    const chunk = ids.slice(start, start + CHECK_CHUNK);
    const filter = chunk.map((id, i) => rt.pb.filter(`id = {:id${i}}`, { [`id${i}`]: id })).join(' || ');
    rt.metrics.deleteCheckRequests++;
    const page = await requestJson<{ items: Array<{ id: string }> }>(rt, recordsPath(collection), {
      query: { perPage: CHECK_CHUNK, fields: 'id', skipTotal: 1, filter },
      timeoutMs: rt.timeoutMs,
    });
    const present = new Set(page.items.map((item) => item.id));
    absent.push(...chunk.filter((id) => !present.has(id)));
  }
  return absent;
}
