// useLive: a live value of the nearest replica, by key, through useSyncExternalStore. The hooks
// are this one primitive with different ways to start a value.
import { useMemo, useSyncExternalStore } from 'react';

import type { ChangeRead } from '../replica.js';
import type { ReplicaSource } from '../source.js';
import type { LiveEntry, LiveStart, LiveState } from './live-store.js';
import { useOptionalReplicaContext, useReplicaContext } from './provider.js';

/** A live state and the function that runs its query again. */
export type LiveResult<T> = LiveState<T> & { refetch: () => void };

const SKIPPED: LiveState<never> = { data: undefined, error: null, isLoading: false };
const LOADING: LiveState<never> = { data: undefined, error: null, isLoading: true };
const noSubscription = () => () => {};
const noop = () => {};

/**
 * The live value named `key` (null: skipped, nothing runs), started by `start` on the provider's
 * replica unless a component already shows it. The key must name everything the value depends on.
 */
export function useLive<T>(
  key: string | null,
  start: (replica: ReplicaSource<object>) => LiveStart<T>,
): LiveResult<T> {
  // A skipped value needs no provider (usePublicSession works without one).
  const context = useOptionalReplicaContext();
  if (!context && key !== null) throw new Error('pocketlite: hooks need a <ReplicaProvider> above them');
  const { replica = null, cache = null, error = null } = context ?? {};
  const entry: LiveEntry<T> | null =
    key !== null && replica && cache ? cache.entry(key, start(replica)) : null;
  const skipped = key === null;
  const fixed = useMemo<LiveState<T>>(
    () => (skipped ? SKIPPED : error ? { data: undefined, error, isLoading: false } : LOADING),
    [skipped, error],
  );
  // The server snapshot is what the server rendered (no replica there: loading), so hydration
  // matches even when the browser's replica already holds the value; the value shows right after.
  const state = useSyncExternalStore(
    entry?.subscribe ?? noSubscription,
    entry?.getSnapshot ?? (() => fixed),
    () => fixed,
  );
  return useMemo(() => ({ ...state, refetch: entry ? () => entry.restart() : noop }), [state, entry]);
}

/** What a Suspense hook returns: the value is there when the component renders. */
export interface SuspenseResult<T> {
  data: T;
  /** A failure after the first result (the last good value stays in `data`). */
  error: Error | null;
  refetch: () => void;
}

/**
 * `useLive` for a component that renders only with its data: it suspends (the nearest
 * `<Suspense>` shows its fallback) while the replica connects and until the first result, and
 * throws a first failure to the nearest error boundary. The boundary must sit inside the
 * provider, which connects the replica when it mounts. On the server, where there is no replica,
 * it throws, so React renders the boundary's fallback there and the component in the browser.
 */
export function useSuspenseLive<T>(
  key: string,
  start: (replica: ReplicaSource<object>) => LiveStart<T>,
): SuspenseResult<T> {
  const { replica, cache, error, replaced } = useReplicaContext();
  if (error) throw error;
  if (!replica) {
    if (typeof window === 'undefined')
      throw new Error('pocketlite: Suspense hooks render in the browser; the server shows the fallback');
    throw replaced;
  }
  const entry = cache.entry(key, start(replica));
  const state = useSyncExternalStore(entry.subscribe, entry.getSnapshot, entry.getSnapshot);
  if (state.isLoading) throw entry.loaded();
  if (state.error && state.data === undefined) throw state.error;
  return useMemo(
    () => ({ data: state.data as T, error: state.error, refetch: () => entry.restart() }),
    [state, entry],
  );
}

/**
 * Starts a value computed by `compute` (any async reads of the replica), recomputed after each
 * committed write that changes what `reads` read. Runs never overlap; a change during a run
 * schedules one more.
 */
export function computed<T>(
  replica: ReplicaSource<object>,
  reads: ChangeRead[],
  compute: (replica: ReplicaSource<object>) => Promise<T>,
): LiveStart<T> {
  return (push, fail) => {
    let running = false;
    let again = false;
    let stopped = false;
    const run = async () => {
      if (running) return void (again = true);
      running = true;
      do {
        again = false;
        try {
          const value = await compute(replica);
          if (!stopped) push(value);
        } catch (error) {
          if (!stopped) fail(error);
        }
      } while (again && !stopped);
      running = false;
    };
    const stop = replica.watchChanges(reads, () => void run(), fail);
    return () => {
      stopped = true;
      stop();
    };
  };
}

/**
 * A value computed from the replica by any async function, kept live: recomputed after each
 * write that changes what `reads` read. `key` names the computation (null skips it).
 * @example
 * const { data } = useLiveValue(`cost:${project}`, ['sessions'], async (r) =>
 *   (await r.collection('sessions').getFullList({ filter: filter('projectName = {:p}', { p: project }) }))
 *     .reduce((sum, s) => sum + s.cost, 0));
 */
export function useLiveValue<T>(
  key: string | null,
  reads: ChangeRead[],
  compute: (replica: ReplicaSource<object>) => Promise<T>,
): LiveResult<T> {
  return useLive(key === null ? null : `value:${key}`, (replica) => computed(replica, reads, compute));
}

/** {@link useLiveValue} for a component that renders only with its data (see useSuspenseLive). */
export function useSuspenseLiveValue<T>(
  key: string,
  reads: ChangeRead[],
  compute: (replica: ReplicaSource<object>) => Promise<T>,
): SuspenseResult<T> {
  return useSuspenseLive(`value:${key}`, (replica) => computed(replica, reads, compute));
}
