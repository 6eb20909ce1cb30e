import type PocketBase from 'pocketbase';

import { Listeners } from '../changes.js';
import type { Unsubscribe } from '../model.js';
import type { Replica } from '../replica.js';
import type { CollectionDefinition } from '../schema-types.js';
import { authMatches, TokenRefresher, type AuthVerdict } from './auth.js';
import { backgroundTimer, backoffDelay } from './backoff.js';
import {
  emptyMetrics,
  type ConflictResolver,
  type SyncErrorEvent,
  type SyncMetrics,
  type SyncProgress,
  type SyncRuntime,
} from './context.js';
import { CoalescedRun } from './coalesced-run.js';
import { FlushInterrupted, OutboxFlusher } from './flush.js';
import { SyncHealth, type ServerCapabilities, type SyncProblem } from './health.js';
import { AuthChanged, SyncHttpError } from './http.js';
import {
  leveledLogger,
  recordingLogger,
  type LogLevel,
  type SyncLogEntry,
  type SyncLogger,
} from './logger.js';
import { dependencyOrder } from './order.js';
import {
  firstPageFilter,
  PageFeed,
  pullCollection,
  pullHead,
  pullTombstones,
  READ_AHEAD_CHARS,
} from './pull.js';
import { ReadAhead } from './read-ahead.js';
import { PassProgress } from './progress.js';
import { RealtimeFeed } from './realtime.js';
import { reconcileCollection } from './reconcile.js';
import { ENGINE } from '../wasm/constants.js';

/** How a replica syncs with its server. Only `pb` is required. */
export interface SyncOptions {
  /** The app's SDK client; its auth store decides whose data syncs (it must be the replica's user). */
  pb: PocketBase;
  /** Collections to sync (default: every base and auth collection of the replica's schema). */
  collections?: string[];
  /** The tombstones feed written by the shipped hook; `false` when the server has none. */
  tombstones?: string | false;
  /** Records per pulled page (PocketBase's maximum, 1000, by default). */
  perPage?: number;
  /** How far before the cursor a catch-up pull starts (writes commit out of `updated` order). */
  overlapMs?: number;
  /** Follow the server live over SSE (default true); otherwise, or when SSE fails, poll. */
  realtime?: boolean;
  /** Polling interval when realtime is off or unavailable. */
  pollIntervalMs?: number;
  /** Push through POST /api/batch: 'auto' (when the server allows it), true or false. */
  batch?: boolean | 'auto';
  /** Requests per batch (PocketBase's default limit is 50). */
  batchSize?: number;
  /** Backoff after failures: exponential from `baseMs` to `maxMs`, with jitter. */
  retry?: { baseMs?: number; maxMs?: number };
  /** Reconcile id sets when the replica was last synced longer ago than this (and without tombstones). */
  reconcileAfterMs?: number;
  /**
   * Delete detection without tombstones lists the ids of ranges of at most this many records
   * (default 1000, a page) and halves larger ranges whose counts differ.
   */
  deleteCheckLeaf?: number;
  /** Refresh the user's token when it gets this close to expiry. */
  refreshBeforeMs?: number;
  /** Per collection: picks the value of a field both sides changed (default: the local write wins). */
  resolve?: Record<string, ConflictResolver>;
  /**
   * On a collection's first pull, its newest records first: `{ sessions: 50 }` fetches the 50
   * most recently updated sessions (one request) and applies them before the pull, which goes
   * oldest first, reaches them; a list sorted by `-updated` shows them at once.
   */
  headFirst?: Record<string, number>;
  /** Follow the server's schema when the client may read it (superusers); default true. */
  schemaFromServer?: boolean;
  /** A request that takes longer fails (and is retried). */
  requestTimeoutMs?: number;
  logger?: SyncLogger | LogLevel;
  /** The jitter source; pass a seeded one for reproducible tests. */
  random?: () => number;
}

/**
 * Where the sync stands: syncing (a pass is running), live (up to date, following SSE), polling
 * (up to date, no SSE), error (following the server, but some data does not sync: see
 * `problems`), offline (waiting to retry), paused (auth: no valid token for the replica's user),
 * stopped.
 */
export type SyncStatus =
  'starting' | 'syncing' | 'live' | 'polling' | 'error' | 'offline' | 'paused' | 'stopped';

/** A snapshot of a sync for devtools (Sync.diagnostics). */
export interface SyncDiagnostics {
  status: SyncStatus;
  metrics: SyncMetrics;
  /** The last log lines (debug included, whatever the logger's level), oldest first. */
  log: SyncLogEntry[];
  /** The recent errors, oldest first. */
  errors: SyncErrorEvent[];
  problems: SyncProblem[];
  capabilities: ServerCapabilities;
}

/** What a status change says: the status and, when paused, offline or in error, why. */
export interface SyncStatusEvent {
  status: SyncStatus;
  reason?: string;
}

/** How many recent errors a sync keeps for listeners that register late. */
const RECENT_ERRORS = 50;
/** Log lines kept for devtools. */
const LOG_LINES = 200;

const DAY = 86_400_000;

/**
 * Keeps one replica in sync with its PocketBase server: pulls from per-collection cursors,
 * follows realtime events, sends the outbox, and pauses whenever the SDK's auth is not the
 * replica's user. Create it with {@link startSync}.
 */
export class Sync {
  readonly metrics: SyncMetrics = emptyMetrics();
  private statusValue: SyncStatus = 'starting';
  private readonly statusListeners = new Listeners<SyncStatusEvent>();
  private readonly progressListeners = new Listeners<SyncProgress>();
  /** The whole pass's progress while an initial sync runs. */
  private pass: PassProgress | null = null;
  private readonly errorListeners = new Listeners<SyncErrorEvent>();
  private readonly recent: SyncErrorEvent[] = [];
  private readonly health: SyncHealth;
  private readonly rt: SyncRuntime;
  private readonly logger: SyncLogger;
  private readonly logLines: SyncLogEntry[] = [];
  private readonly flusher: OutboxFlusher;
  private readonly realtime: RealtimeFeed;
  private readonly refresher: TokenRefresher;
  private readonly cleanups: Unsubscribe[] = [];
  private collections: string[] = [];
  private tombstonesAvailable = false;
  private tombstonesChecked = false;
  private readonly passes = new CoalescedRun(() => this.passOnce());
  private readonly flushes = new CoalescedRun(() => this.flushOnce());
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private polling = false;
  /** The replica was last synced longer ago than reconcileAfterMs: reconcile after the first pull. */
  private longAbsence = false;

  /** @internal use {@link startSync} */
  constructor(
    readonly replica: Replica,
    private readonly options: SyncOptions,
  ) {
    const { pb } = options;
    pb.autoCancellation(false);
    const logger =
      typeof options.logger === 'object' ? options.logger : leveledLogger(options.logger ?? 'warn');
    this.logger = recordingLogger(logger, this.logLines, LOG_LINES);
    const access = replica.syncAccess();
    this.health = new SyncHealth(access.engine, access.wantIds);
    this.rt = {
      pb,
      token: () => {
        if (!authMatches(pb, replica.userId)) throw new AuthChanged(this.authMismatch());
        return pb.authStore.token;
      },
      engine: access.engine,
      logger: this.logger,
      metrics: this.metrics,
      health: this.health,
      perPage: Math.min(ENGINE.maxPerPage, Math.max(1, options.perPage ?? ENGINE.maxPerPage)),
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      resolvers: options.resolve ?? {},
      emitError: (event) => {
        this.logger.warn(event.message);
        this.recent.push(event);
        if (this.recent.length > RECENT_ERRORS) this.recent.shift();
        this.errorListeners.emit(event);
      },
      emitProgress: (progress) => this.progressListeners.emit(this.pass?.with(progress) ?? progress),
      writeLocal: async (collection, id, patch) =>
        void (await replica.collection(collection).update(id, patch)),
    };
    this.flusher = new OutboxFlusher(this.rt, {
      batch: options.batch ?? 'auto',
      batchSize: options.batchSize ?? 50,
      verifyAuth: () => this.verifyAuth(),
    });
    this.realtime = new RealtimeFeed(this.rt, {
      onReconnect: () => {
        this.logger.info('realtime reconnected: catching up');
        void this.syncNow();
      },
      onDisconnect: () => this.setStatus('offline', 'realtime disconnected'),
    });
    this.refresher = new TokenRefresher(
      this.rt,
      options.refreshBeforeMs ?? DAY,
      this.rt.timeoutMs,
      this.logger,
      () => this.pause('the server no longer accepts the auth token'),
    );
    this.cleanups.push(access.onOutbox(() => this.scheduleFlush()));
    this.cleanups.push(pb.authStore.onChange(() => this.onAuthChange()));
  }

  get status(): SyncStatus {
    return this.statusValue;
  }

  onStatus(listener: (event: SyncStatusEvent) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  /** Initial-sync progress, per collection: records done of an estimated total. */
  onProgress(listener: (progress: SyncProgress) => void): Unsubscribe {
    return this.progressListeners.add(listener);
  }

  /**
   * Problems the sync met and went on from (a bad record, a refused write, lost auth). A listener
   * first hears the recent ones (up to 50), so one registered after `startSync()` misses nothing.
   */
  onError(listener: (event: SyncErrorEvent) => void): Unsubscribe {
    this.recent.forEach((event) => listener(event));
    return this.errorListeners.add(listener);
  }

  /** The recent errors, oldest first (up to 50). */
  get recentErrors(): readonly SyncErrorEvent[] {
    return [...this.recent];
  }

  /**
   * What keeps data from syncing now: refused records (by collection and field, counted), fields
   * the server has and the schema lacks, collections the server lacks or that cannot sync.
   * While one of severity 'error' stands the status is 'error'.
   */
  get problems(): SyncProblem[] {
    return this.health.problems();
  }

  /** What devtools show of this sync: its status, metrics, log, errors, problems, the server's offer. */
  diagnostics(): SyncDiagnostics {
    return {
      status: this.status,
      metrics: structuredClone(this.metrics),
      log: [...this.logLines],
      errors: this.recentErrors.slice(),
      problems: this.problems,
      capabilities: this.capabilities,
    };
  }

  /** What the server offers, as found out so far. */
  get capabilities(): ServerCapabilities {
    return {
      batch: this.flusher.batchAvailable,
      tombstones: this.tombstonesChecked ? this.tombstonesAvailable : null,
      missingCollections: this.health.missing(),
    };
  }

  /** Starts syncing; resolves after the first pass (pull, tombstones, flush), whatever its outcome. */
  async start(): Promise<void> {
    this.collections = await this.syncedCollections();
    const cursors = this.rt.engine.cursors();
    const synced = this.collections.map((c) => cursors[c]?.syncedAt ?? 0).filter((t) => t > 0);
    this.longAbsence =
      synced.length > 0 && Date.now() - Math.min(...synced) > (this.options.reconcileAfterMs ?? DAY);
    if (!authMatches(this.options.pb, this.replica.userId)) {
      this.pause(this.authMismatch());
      return;
    }
    this.refresher.schedule();
    await this.syncNow();
    await this.startRealtime();
  }

  /** Runs a pass now (pull every collection, tombstones, flush); joins a running one. */
  syncNow(): Promise<void> {
    return this.passes.run();
  }

  /** Sends the outbox now; resolves when it is empty or sending had to stop. */
  flush(): Promise<void> {
    return this.flushes.run();
  }

  /** Id-set reconciliation of every synced collection; returns how many local records were removed. */
  async reconcile(): Promise<number> {
    let removed = 0;
    for (const collection of this.collections)
      removed += await reconcileCollection(
        this.rt,
        collection,
        () => this.verifyAuth(),
        this.options.deleteCheckLeaf,
      );
    return removed;
  }

  /** Stops syncing (the replica stays open and keeps its outbox). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.refresher.cancel();
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
    this.health.close();
    await this.realtime.stop();
    await Promise.allSettled([this.passes.current, this.flushes.current]);
    this.setStatus('stopped');
  }

  /** Signs out: stops, clears the SDK's auth store and, with `wipe`, deletes the local replica. */
  async logout(options: { wipe?: boolean } = {}): Promise<void> {
    await this.stop();
    this.options.pb.authStore.clear();
    if (options.wipe) await this.replica.destroy();
  }

  // One pass: pull everything, then send the outbox. False stops further rounds.
  private async passOnce(): Promise<boolean> {
    if (this.stopped || this.statusValue === 'paused') return false;
    this.setStatus('syncing');
    const started = Date.now();
    const { recordsPulled, pagesPulled, outboxSent } = this.metrics;
    try {
      await this.pullAll();
      await this.flush();
      this.failures = 0;
      const m = this.metrics;
      this.logger.info(
        `pass done in ${Date.now() - started} ms: ${m.recordsPulled - recordsPulled} records pulled in ` +
          `${m.pagesPulled - pagesPulled} pages, ${m.outboxSent - outboxSent} writes sent`,
      );
      this.setFollowingStatus();
      return true;
    } catch (error) {
      if (error instanceof AuthChanged) this.pause(error.message);
      else this.onPassFailure(error);
      return false;
    }
  }

  // Up to date: live or polling, unless some data does not sync (then 'error', naming it).
  private setFollowingStatus(): void {
    const error = this.health.firstError();
    if (error) this.setStatus('error', error.message);
    else this.setStatus(this.realtime.active ? 'live' : this.polling ? 'polling' : 'syncing');
  }

  private async pullAll(): Promise<void> {
    const overlapMs = this.options.overlapMs ?? 5000;
    // An initial sync (some collection never pulled) shows one bar for the whole pass.
    const cursors = this.rt.engine.cursors();
    this.pass = this.collections.some((c) => !cursors[c]?.syncedAt)
      ? await PassProgress.measure(
          this.rt,
          new Map(this.collections.map((c) => [c, firstPageFilter(this.rt, cursors[c], overlapMs)])),
        )
      : null;
    const heads = Object.entries(this.options.headFirst ?? {})
      .filter(([c]) => this.collections.includes(c) && !cursors[c]?.syncedAt && !this.pass?.refusal(c))
      .map(([c, count]) => pullHead(this.rt, c, count));
    // Every collection's pages are requested at once; they are applied in dependency order.
    const readAhead = new ReadAhead(READ_AHEAD_CHARS);
    const feeds = new Map(
      this.collections
        .filter((c) => !this.pass?.refusal(c))
        .map((c) => [c, new PageFeed(this.rt, c, overlapMs, readAhead)] as const),
    );
    try {
      await Promise.all(heads);
      await this.pullFeeds(feeds);
    } finally {
      for (const feed of feeds.values()) feed.stop(); // wakes feeds waiting for room
    }
    const feed = this.options.tombstones ?? 'tombstones';
    this.tombstonesAvailable = feed
      ? await pullTombstones(this.rt, feed, new Set(this.collections), overlapMs)
      : false;
    this.tombstonesChecked = true;
    // Without tombstones only id sets reveal deletes; after a long absence they also find rows
    // that left the user's list rule (which produce neither events nor tombstones).
    if (!this.tombstonesAvailable || this.longAbsence) {
      this.longAbsence = false;
      await this.reconcile();
    }
  }

  private async pullFeeds(feeds: Map<string, PageFeed>): Promise<void> {
    for (const collection of this.collections) {
      const feed = feeds.get(collection);
      if (!feed) {
        this.onPullRefused(collection, this.pass?.refusal(collection)); // as if the first page had said it
        continue;
      }
      try {
        const pulled = await pullCollection(this.rt, feed);
        this.pass?.finish(collection, pulled); // not inside `?.(…)`: a null pass would skip the pull itself
        this.health.clear('missing', collection);
        this.health.clear('pull-failed', collection);
      } catch (error) {
        if (isTransient(error) || error instanceof AuthChanged) throw error;
        this.onPullRefused(collection, error);
      }
    }
  }

  // One collection's problem (a rule, a collection the server lacks) does not stop the others.
  // A 404 on a list is the server lacking the collection (it answers a guest the same way): the
  // collection is reported, once, and nothing local is touched.
  private onPullRefused(collection: string, error: unknown): void {
    const status = (error as { status?: number }).status;
    if (status === 404) {
      const known = this.health.missing().includes(collection);
      this.health.set({
        kind: 'missing',
        collection,
        message: `the server has no collection '${collection}' (or hides it from this user): it does not sync`,
      });
      if (known) return;
    } else {
      this.health.set({
        kind: 'pull-failed',
        collection,
        message: `pulling ${collection} failed: ${(error as Error).message}`,
      });
    }
    this.rt.emitError({
      kind: 'pull',
      collection,
      message: `pulling ${collection} failed: ${(error as Error).message}`,
      error: errorBody(error),
    });
  }

  // Sends the outbox until it is empty; false when sending had to stop.
  private async flushOnce(): Promise<boolean> {
    if (this.stopped || this.statusValue === 'paused' || !authMatches(this.options.pb, this.replica.userId))
      return false;
    try {
      await this.flusher.flush();
      return true;
    } catch (error) {
      if (error instanceof FlushInterrupted && error.reason === 'auth')
        this.pause('the server refused the auth token while sending');
      else if (error instanceof AuthChanged) this.pause(error.message);
      else this.onPassFailure(error);
      return false;
    }
  }

  private scheduleFlush(): void {
    if (this.stopped || this.statusValue === 'paused' || this.statusValue === 'starting') return;
    queueMicrotask(() => void this.flush());
  }

  private onPassFailure(error: unknown): void {
    if (this.statusValue === 'paused' || this.stopped) return; // waits for a sign-in, not a timer
    if (!isTransient(error)) {
      this.rt.emitError({
        kind: 'pull',
        message: `sync pass failed: ${(error as Error).message}`,
        error: errorBody(error),
      });
    }
    const retryAfter =
      error instanceof FlushInterrupted
        ? error.retryAfter
        : error instanceof SyncHttpError
          ? error.retryAfter
          : null;
    const delay = Math.max(
      retryAfter ?? 0,
      backoffDelay(this.failures++, this.retryOptions(), this.random()),
    );
    this.setStatus('offline', (error as Error).message);
    this.logger.info(`sync offline (${(error as Error).message}); retrying in ${delay} ms`);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = backgroundTimer(() => {
      this.retryTimer = null;
      void this.syncNow().then(() => this.statusValue !== 'offline' && void this.startRealtime());
    }, delay);
  }

  private async startRealtime(): Promise<void> {
    if (this.stopped || this.statusValue === 'paused' || this.options.realtime === false)
      return this.schedulePoll();
    if (this.realtime.active) return;
    try {
      const feed = this.options.tombstones ?? 'tombstones';
      await this.realtime.start(this.collections, feed && this.tombstonesAvailable ? feed : null);
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.polling = false;
      // Events sent between the last pass and the subscription were missed: catch up once
      // (the pass reports 'live' when it succeeds).
      await this.syncNow();
    } catch (error) {
      this.logger.info(`realtime unavailable (${(error as Error).message}): polling`);
      this.schedulePoll();
    }
  }

  private schedulePoll(): void {
    if (this.stopped || this.statusValue === 'paused') return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.polling = true;
    if (this.statusValue !== 'offline') this.setFollowingStatus();
    this.pollTimer = backgroundTimer(async () => {
      this.pollTimer = null;
      await this.syncNow();
      await this.startRealtime();
    }, this.options.pollIntervalMs ?? 30_000);
  }

  private onAuthChange(): void {
    if (this.stopped) return;
    if (authMatches(this.options.pb, this.replica.userId)) {
      this.refresher.schedule(); // a new token: a new expiry to refresh before
      if (this.statusValue !== 'paused') return;
      this.logger.info('auth restored: sync resumes');
      this.setStatus('syncing');
      void this.syncNow().then(() => this.startRealtime());
    } else {
      this.pause(this.authMismatch());
    }
  }

  private pause(reason: string): void {
    if (this.stopped || this.statusValue === 'paused') return;
    this.clearTimers();
    this.refresher.cancel();
    void this.realtime.stop();
    this.setStatus('paused', reason);
    this.rt.emitError({
      kind: 'auth',
      message: `sync paused: ${reason}`,
      error: { status: 401, message: reason },
    });
  }

  private authMismatch(): string {
    const record = this.options.pb.authStore.record;
    if (this.replica.userId && record?.id && record.id !== this.replica.userId)
      return `the SDK is signed in as another user (${record.id}); this replica belongs to ${this.replica.userId}`;
    if (this.replica.userId) return 'no valid auth token for the replica’s user';
    return 'this is a guest replica but the SDK is signed in';
  }

  // Asked before any destructive conclusion (revert, delete) is drawn from a server's answer.
  private async verifyAuth(): Promise<AuthVerdict> {
    if (this.replica.userId === null) return 'valid';
    return this.refresher.refresh();
  }

  private async syncedCollections(): Promise<string[]> {
    await this.followServerSchema();
    const definitions = (await this.replica.collections()) as CollectionDefinition[];
    const feed = this.options.tombstones ?? 'tombstones';
    const names =
      this.options.collections ??
      definitions
        .filter((d) => (d.type === 'base' || d.type === 'auth') && d.name !== feed)
        .map((d) => d.name);
    if (names.length === 0)
      this.health.set({
        kind: 'unsyncable',
        collection: '',
        message: 'the replica has no collections to sync: open it with the app’s schema',
      });
    return dependencyOrder(
      names.filter((name) => this.pullable(name, definitions)),
      definitions,
    );
  }

  // A pull pages by `updated`: a collection without it is refused by name, with the reason.
  private pullable(name: string, definitions: CollectionDefinition[]): boolean {
    const definition = definitions.find((d) => d.name === name);
    const updated = definition?.fields.find((f) => f.name === 'updated');
    const reason = !definition
      ? `the replica's schema has no collection '${name}'`
      : !updated || (updated.type !== 'autodate' && updated.type !== 'date')
        ? `'${name}' has no 'updated' autodate field, which the sync pages by: add one on the server and to the schema`
        : null;
    if (reason === null) return true;
    const message = `${name} does not sync: ${reason}`;
    this.health.set({ kind: 'unsyncable', collection: name, message });
    this.rt.emitError({ kind: 'schema', collection: name, message, error: { message } });
    return false;
  }

  // Superusers may read the schema; everyone else syncs with the schema the app shipped (and is
  // not sent to ask: the server would answer 403 on every start).
  private async followServerSchema(): Promise<void> {
    if (this.options.schemaFromServer === false || !this.options.pb.authStore.isSuperuser) return;
    try {
      const collections = await this.options.pb.collections.getFullList({ requestKey: null });
      await this.replica.applySchema(collections, { dropMissing: false });
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status !== 401 && status !== 403 && status !== 404 && status !== 0)
        this.rt.emitError({
          kind: 'schema',
          message: `could not follow the server schema: ${(error as Error).message}`,
          error: errorBody(error),
        });
    }
  }

  private setStatus(status: SyncStatus, reason?: string): void {
    if (this.statusValue === 'stopped') return;
    if (status === this.statusValue && reason === undefined) return;
    this.statusValue = status;
    this.logger.debug(`status ${status}${reason === undefined ? '' : ` (${reason})`}`);
    this.statusListeners.emit(reason === undefined ? { status } : { status, reason });
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.retryTimer = this.pollTimer = null;
  }

  private retryOptions(): { baseMs: number; maxMs: number } {
    return { baseMs: this.options.retry?.baseMs ?? 500, maxMs: this.options.retry?.maxMs ?? 30_000 };
  }

  private random(): () => number {
    return this.options.random ?? Math.random;
  }
}

function isTransient(error: unknown): boolean {
  return (
    (error instanceof SyncHttpError && error.transient) ||
    (error instanceof FlushInterrupted && error.reason === 'transient')
  );
}

function errorBody(error: unknown): SyncErrorEvent['error'] {
  if (error instanceof SyncHttpError) return { status: error.status, ...error.response };
  return { message: (error as Error)?.message ?? String(error) };
}

/**
 * Starts keeping `replica` in sync with its server through the app's SDK client. Resolves once
 * the first pass is done (or the sync is offline or paused: see `status` and the events).
 * @example
 * const pb = new PocketBase(url);
 * await pb.collection('users').authWithPassword(email, password);
 * const replica = await openReplica({ url, userId: pb.authStore.record!.id, schema: opensyncSchema });
 * const sync = await startSync(replica, { pb });
 */
export async function startSync(replica: Replica, options: SyncOptions): Promise<Sync> {
  const sync = new Sync(replica, options);
  await sync.start();
  return sync;
}
