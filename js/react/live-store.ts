// The one primitive every hook is built on: a cache of live values keyed by what they query,
// shared by the components that ask for the same thing, read with useSyncExternalStore.
import type { Unsubscribe } from '../live-queries.js';
import type { LocalWrite } from '../source.js';
import { isPlain, patchValue } from './optimistic.js';

/** What a live hook returns: the value (undefined until the first result), its error, and loading. */
export interface LiveState<T> {
  data: T | undefined;
  error: Error | null;
  isLoading: boolean;
}

/** Starts a live value: `push` gets each result, `fail` each error. Returns the function that stops it. */
export type LiveStart<T> = (push: (value: T) => void, fail: (error: unknown) => void) => Unsubscribe;

/** A change shown over a value until its write settles: what to show, given the value's result. */
export type Overlay<T> = (data: T | undefined) => T | undefined;

/** How long a settled write's overlay waits for the result that has it (one that never changes keeps it no longer). */
const SETTLED_OVERLAY_MS = 1000;

/** Stopped values kept for a remount (back navigation renders at once, then refreshes). */
const KEEP_STOPPED = 100;
/**
 * How long a value a suspended render started keeps running after its first result: the render
 * React retries then subscribes to it, within this time, and finds it running.
 */
const SUSPENSE_HOLD_MS = 5000;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * `next` with every part deep-equal to `prev` replaced by `prev`'s, so references stay stable:
 * an unchanged result is `prev` itself, and in a changed list the unchanged records keep theirs
 * (a memoised row does not re-render).
 */
export function shareEqual<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    // Records are matched by id, so one that moved keeps its reference too.
    const byId = new Map<unknown, unknown>();
    for (const item of prev) if (isPlain(item) && typeof item.id === 'string') byId.set(item.id, item);
    const previous = (item: unknown, i: number) =>
      isPlain(item) && typeof item.id === 'string' ? byId.get(item.id) : prev[i];
    const out = next.map((item, i) => shareEqual(previous(item, i), item));
    if (out.length === prev.length && out.every((item, i) => item === prev[i])) return prev as T;
    return (out.every((item, i) => item === next[i]) ? next : out) as T;
  }
  if (isPlain(prev) && isPlain(next)) {
    const keys = Object.keys(next);
    const out: Record<string, unknown> = {};
    let same = keys.length === Object.keys(prev).length;
    let fresh = true;
    for (const key of keys) {
      out[key] = shareEqual(prev[key], next[key]);
      same &&= key in prev && out[key] === prev[key];
      fresh &&= out[key] === next[key];
    }
    return (same ? prev : fresh ? next : out) as T;
  }
  return next;
}

/** One live value: started by its first subscriber, stopped (and kept, stale) after its last. */
export class LiveEntry<T> {
  private state: LiveState<T> = { data: undefined, error: null, isLoading: true };
  private shown: LiveState<T> = this.state;
  private readonly listeners = new Set<() => void>();
  private stop: Unsubscribe | null = null;
  /** Optimistic changes laid over the result, in order (by token), until their write settles. */
  private readonly overlays = new Map<object, Overlay<T>>();
  private readonly settling = new Set<object>();
  private firstResult: Promise<void> | null = null;

  constructor(
    private readonly start: LiveStart<T>,
    private readonly onIdle: (entry: LiveEntry<T>) => void = () => {},
  ) {}

  readonly subscribe = (listener: () => void): Unsubscribe => {
    this.listeners.add(listener);
    if (!this.stop) this.begin();
    return () => {
      this.listeners.delete(listener);
      // A StrictMode remount subscribes again in the same task: stop only if nobody did.
      if (this.listeners.size === 0) setTimeout(() => this.listeners.size === 0 && this.end(), 0);
    };
  };

  readonly getSnapshot = (): LiveState<T> => this.shown;

  /**
   * Resolves once the value has its first result or error (what a suspended render waits for),
   * starting it meanwhile. The same promise for every render that waits.
   */
  loaded(): Promise<void> {
    if (!this.state.isLoading) return Promise.resolve();
    this.firstResult ??= new Promise((resolve) => {
      let done = false;
      const settle = () => {
        if (done || this.state.isLoading) return;
        done = true;
        resolve();
        setTimeout(() => stop(), SUSPENSE_HOLD_MS);
      };
      const stop = this.subscribe(() => settle());
      settle(); // a value that answered while starting
    });
    return this.firstResult;
  }

  /** Runs the query again from scratch (what `refetch` does). */
  restart(): void {
    if (!this.stop) return;
    this.end();
    this.begin();
  }

  /** Shows `overlay` applied to the result until {@link clearOverlay} or {@link settleOverlay}. */
  setOverlay(token: object, overlay: Overlay<T>): void {
    this.overlays.set(token, overlay);
    this.publish();
  }

  /** Drops an optimistic change now (its write failed: the result shows again, rolled back). */
  clearOverlay(token: object): void {
    this.settling.delete(token);
    if (this.overlays.delete(token)) this.publish();
  }

  /** Drops an optimistic change with the next result (its write succeeded and is on its way). */
  settleOverlay(token: object): void {
    if (!this.overlays.has(token)) return;
    this.settling.add(token);
    setTimeout(() => this.clearOverlay(token), SETTLED_OVERLAY_MS);
  }

  /** Not started, or stopped after its last subscriber left. */
  get idle(): boolean {
    return this.stop === null;
  }

  private begin(): void {
    let live = true;
    const push = (value: T) => live && this.set({ data: shareEqual(this.state.data, value), error: null });
    const fail = (error: unknown) => live && this.set({ data: this.state.data, error: asError(error) });
    try {
      const stop = this.start(push, fail);
      this.stop = () => ((live = false), stop());
    } catch (error) {
      this.stop = () => void (live = false);
      fail(error);
    }
  }

  private end(): void {
    this.stop?.();
    this.stop = null;
    this.onIdle(this);
  }

  private set(next: { data: T | undefined; error: Error | null }): void {
    for (const token of this.settling) this.overlays.delete(token);
    this.settling.clear();
    const { data, error, isLoading } = this.state;
    if (data === next.data && error === next.error && !isLoading) return this.publish();
    this.state = { ...next, isLoading: false };
    this.publish();
  }

  private publish(): void {
    let data = this.state.data;
    for (const overlay of this.overlays.values()) data = overlay(data);
    // Overlays build new objects: what did not change keeps the references shown before.
    if (data !== this.state.data) data = shareEqual(this.shown.data, data);
    const shown = data === this.state.data ? this.state : { ...this.state, data };
    if (
      shown.data === this.shown.data &&
      shown.error === this.shown.error &&
      shown.isLoading === this.shown.isLoading
    )
      return;
    this.shown = shown;
    for (const listener of [...this.listeners]) listener();
  }
}

/** The live values of one provider, by key. Stopped ones are kept, least recent evicted first. */
export class LiveCache {
  private readonly entries = new Map<string, LiveEntry<unknown>>();

  /** The entry for `key`, created (not started) with `start` if there is none. */
  entry<T>(key: string, start: LiveStart<T>): LiveEntry<T> {
    let entry = this.entries.get(key) as LiveEntry<T> | undefined;
    if (!entry) {
      entry = new LiveEntry<T>(start, () => this.evict());
      this.entries.set(key, entry as LiveEntry<unknown>);
    }
    return entry;
  }

  /** The entries whose keys start with `prefix`, for optimistic updates of every result of a query. */
  findAll<T>(prefix: string): Array<[key: string, entry: LiveEntry<T>]> {
    return [...this.entries].filter(([key]) => key.startsWith(prefix)) as Array<[string, LiveEntry<T>]>;
  }

  /**
   * Shows a write of this page in every value that holds its record, until the replica answers
   * (see optimistic.ts): dropped with the next result once committed, at once when refused.
   */
  showWrite(write: LocalWrite): void {
    const token = {};
    const overlay: Overlay<unknown> = (data) => patchValue(data, write);
    const touched = [...this.entries.values()].filter((entry) => {
      const { data } = entry.getSnapshot();
      return data !== undefined && overlay(data) !== data;
    });
    for (const entry of touched) entry.setOverlay(token, overlay);
    if (touched.length)
      void write.done.then((ok) => {
        for (const entry of touched) {
          if (ok) entry.settleOverlay(token);
          else entry.clearOverlay(token);
        }
      });
  }

  /** An entry that exists, for optimistic updates (undefined when nothing shows `key`). */
  find<T>(key: string): LiveEntry<T> | undefined {
    return this.entries.get(key) as LiveEntry<T> | undefined;
  }

  private evict(): void {
    let extra = this.entries.size - KEEP_STOPPED;
    for (const [key, entry] of this.entries) {
      if (extra <= 0) break;
      if (entry.idle) {
        this.entries.delete(key);
        extra--;
      }
    }
  }
}
