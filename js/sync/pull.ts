import type { PullCursor } from '../model.js';
import { recordsSeen, reportApplied } from './apply-report.js';
import type { SyncRuntime } from './context.js';
import { recordsPath, requestJson, requestText } from './http.js';
import type { ReadAhead } from './read-ahead.js';
import { ENGINE } from '../wasm/constants.js';

/** PocketBase's date form, `ms` earlier: the overlap that catches writes committed out of order. */
export function earlier(updated: string, ms: number): string {
  const time = Date.parse(updated.replace(' ', 'T'));
  if (Number.isNaN(time)) return updated;
  return new Date(time - ms).toISOString().replace('T', ' ');
}

/** Pages of a collection fetched ahead of their apply whatever the read-ahead holds. */
const PAGES_AHEAD = 2;

/** Characters of page text the feeds of a pull hold together before one waits (any feed may hold {@link PAGES_AHEAD} pages). */
export const READ_AHEAD_CHARS = 48 * 2 ** 20;

/**
 * One collection's pages, fetched ahead of their apply: keyset pages on (updated, id) from the
 * cursor (`updated >= cursor - overlap`; the first pull of a collection asks for a total). Up to
 * {@link PAGES_AHEAD} wait, and more while the shared {@link ReadAhead} has room, so a collection
 * applied later is fetched while earlier ones are applied (the replica applies collections one
 * after another in dependency order).
 */
export class PageFeed {
  private readonly ready: Array<{ text: string | null; error?: unknown }> = [];
  private pageArrived: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly rt: SyncRuntime,
    readonly collection: string,
    overlapMs: number,
    private readonly readAhead: ReadAhead,
  ) {
    void this.fetchAll(overlapMs);
  }

  /** The next page's JSON text; null after the last. Throws what fetching it threw. */
  async next(): Promise<string | null> {
    while (this.ready.length === 0) await new Promise<void>((resolve) => (this.pageArrived = resolve));
    const page = this.ready.shift()!;
    this.readAhead.release(page.text?.length ?? 0);
    if (page.error !== undefined) throw page.error;
    return page.text;
  }

  /** Fetches nothing more (the pass ended or failed) and frees what it held. */
  stop(): void {
    this.stopped = true;
    const held = this.ready.splice(0).reduce((sum, page) => sum + (page.text?.length ?? 0), 0);
    this.readAhead.release(held);
  }

  private async fetchAll(overlapMs: number): Promise<void> {
    const cursor = this.rt.engine.cursors()[this.collection];
    const since = cursor?.updated ? earlier(cursor.updated, overlapMs) : null;
    let after: { updated?: string; id?: string } | null = null;
    let pageChars = 0; // the last page's size: what the next one is expected to hold
    try {
      for (;;) {
        while (!this.stopped && this.ready.length >= PAGES_AHEAD && !this.readAhead.fits(pageChars))
          await this.readAhead.released();
        if (this.stopped) return;
        const reserved = pageChars; // held during the request, so the feeds do not all overshoot
        this.readAhead.hold(reserved);
        const filter: string = after
          ? this.rt.pb.filter('(updated > {:u} || (updated = {:u} && id > {:id}))', {
              u: after.updated,
              id: after.id,
            })
          : firstPageFilter(this.rt, cursor, overlapMs);
        const text = await requestText(this.rt, recordsPath(this.collection), {
          query: {
            page: 1,
            perPage: this.rt.perPage,
            sort: 'updated,id',
            filter,
            skipTotal: since || after ? 1 : undefined,
          },
          timeoutMs: this.rt.timeoutMs,
        }).finally(() => this.readAhead.release(reserved));
        pageChars = text.length;
        this.push({ text });
        const end = this.rt.engine.pageEnd(text);
        if (end.count < this.rt.perPage || !end.last) return this.push({ text: null });
        after = end.last;
      }
    } catch (error) {
      this.push({ text: null, error });
    }
  }

  private push(page: { text: string | null; error?: unknown }): void {
    if (this.stopped) return;
    this.readAhead.hold(page.text?.length ?? 0);
    this.ready.push(page);
    this.pageArrived?.();
  }
}

/**
 * Pulls one collection: its feed's pages, each applied and the cursor saved in one engine
 * transaction, so a reload resumes where it stopped.
 */
export async function pullCollection(rt: SyncRuntime, feed: PageFeed): Promise<number> {
  const collection = feed.collection;
  let done = 0;
  let total = -1;
  for (let text = await feed.next(); text !== null; text = await feed.next()) {
    const result = rt.engine.upsert(collection, text, {
      list: true,
      advanceCursor: true,
      syncedAt: Date.now(),
    });
    reportApplied(rt, collection, result);
    const seen = recordsSeen(result);
    rt.metrics.pagesPulled++;
    rt.metrics.recordsPulled += seen;
    done += seen;
    if (result.totalItems >= 0) total = result.totalItems;
    rt.emitProgress({ collection, done, total: Math.max(total, done) });
  }
  rt.metrics.lastSyncAt[collection] = Date.now();
  return done;
}

/**
 * The newest `count` records of a collection not pulled before, applied ahead of its pull (which
 * goes oldest first). The cursor stays where it is: the pull applies them again, as unchanged, and
 * a delete meanwhile reaches the replica as any pulled record's does (tombstones or id sets).
 * A failure is the pull's to report: it asks for the same records.
 */
export async function pullHead(rt: SyncRuntime, collection: string, count: number): Promise<void> {
  try {
    const text = await requestText(rt, recordsPath(collection), {
      query: {
        page: 1,
        perPage: Math.max(1, Math.min(ENGINE.maxPerPage, Math.floor(count) || 1)),
        sort: '-updated,-id',
        skipTotal: 1,
      },
      timeoutMs: rt.timeoutMs,
    });
    reportApplied(rt, collection, rt.engine.upsert(collection, text, { list: true }));
  } catch (error) {
    rt.logger.debug(`the newest ${collection} first: ${(error as Error).message}`);
  }
}

/** Where a collection's pull starts: everything, or `overlapMs` before its cursor. */
export function firstPageFilter(rt: SyncRuntime, cursor: PullCursor | undefined, overlapMs: number): string {
  return cursor?.updated
    ? rt.pb.filter('updated >= {:since}', { since: earlier(cursor.updated, overlapMs) })
    : '';
}

interface Tombstone {
  coll: string;
  recordId: string;
  /** The deleted version's `updated` (written by the shipped hook since its second version). */
  recordUpdated?: string;
  updated: string;
  id: string;
}

/**
 * A record the server deleted: its id and the `updated` of the version that was deleted, so a
 * delete never removes a record the server created again with the same id.
 */
export interface ServerDelete {
  id: string;
  version?: string;
}

/**
 * Pulls the tombstones feed (records deleted on the server, written by the shipped hook) and
 * deletes those records locally. Like a collection pull it starts `overlapMs` before its cursor
 * (a tombstone can commit after a later one was read); applying one twice is harmless. Returns
 * false when the server has no such feed.
 */
export async function pullTombstones(
  rt: SyncRuntime,
  feed: string,
  synced: Set<string>,
  overlapMs: number,
): Promise<boolean> {
  const cursor = rt.engine.cursors()[`@${feed}`];
  const since = cursor?.updated ? earlier(cursor.updated, overlapMs) : null;
  let after: { updated: string; id: string } | null = null;
  for (;;) {
    const filter = after
      ? rt.pb.filter('(updated > {:u} || (updated = {:u} && id > {:id}))', { u: after.updated, id: after.id })
      : since
        ? rt.pb.filter('updated >= {:since}', { since })
        : '';
    let page: { items: Tombstone[] };
    rt.metrics.deleteCheckRequests++;
    try {
      page = await requestJson(rt, recordsPath(feed), {
        query: {
          perPage: rt.perPage,
          sort: 'updated,id',
          filter,
          skipTotal: 1,
          fields: 'id,coll,recordId,recordUpdated,updated',
        },
        timeoutMs: rt.timeoutMs,
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404 || status === 403) return false;
      throw error;
    }
    applyTombstones(rt, page.items, synced);
    const last = page.items.at(-1);
    if (last) {
      after = { updated: last.updated, id: last.id };
      if (!cursor?.updated || last.updated > cursor.updated)
        rt.engine.setCursor(`@${feed}`, { ...after, syncedAt: Date.now() });
    }
    if (page.items.length < rt.perPage) return true;
  }
}

/** Deletes the tombstoned records of synced collections; returns how many were removed. */
export function applyTombstones(rt: SyncRuntime, tombstones: Tombstone[], synced: Set<string>): number {
  const byCollection = new Map<string, ServerDelete[]>();
  for (const t of tombstones) {
    if (!synced.has(t.coll)) continue;
    const list = byCollection.get(t.coll) ?? [];
    list.push({ id: t.recordId, version: t.recordUpdated || t.updated });
    byCollection.set(t.coll, list);
  }
  let removed = 0;
  for (const [collection, deletes] of byCollection) removed += applyDeletes(rt, collection, deletes);
  return removed;
}

/**
 * Applies server deletes (the replica's change sink hears of each record removed); reports the
 * local changes they overrode. Returns how many records the replica lost.
 */
export function applyDeletes(rt: SyncRuntime, collection: string, deletes: ServerDelete[]): number {
  const { deleted, dropped } = rt.engine.applyDeletes(collection, deletes);
  for (const lost of dropped)
    rt.emitError({
      kind: 'apply',
      collection,
      id: lost.id,
      message: `${collection}/${lost.id} was deleted on the server: its unsent local changes were dropped`,
      error: { status: 404, message: 'deleted on the server' },
    });
  return deleted;
}
