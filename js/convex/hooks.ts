// Convex's React hooks over the local replica: useQuery (live), useMutation (with optimistic
// updates), useAction and useConvexAuth, with Convex's signatures.
import type PocketBase from 'pocketbase';
import { useCallback, useMemo, useRef, useSyncExternalStore } from 'react';

import { PocketliteError } from '../engine/errors.js';
import { useLive } from '../react/live.js';
import type { LiveEntry } from '../react/live-store.js';
import { useReplicaContext, type ReplicaContextValue } from '../react/provider.js';
import type {
  ActionContext,
  ActionReference,
  MutationReference,
  OptionalArgs,
  QueryReference,
} from './functions.js';
import { liveQuery, runOnce } from './live-query.js';

const queryPrefix = (ref: { name: string }) => `convex:${ref.name}:`;
const queryKey = (ref: { name: string }, args: unknown) => `${queryPrefix(ref)}${JSON.stringify(args ?? {})}`;

const notConnected = () =>
  new PocketliteError({
    status: 503,
    code: 'replica_connecting',
    message: 'pocketlite: the replica is not connected yet',
  });

/**
 * Convex's useQuery: the query's result, `undefined` while loading, live (it runs again only when
 * something it read answers differently). `'skip'` runs nothing. Errors are thrown to the nearest
 * error boundary, as Convex does.
 */
export function useQuery<Args, Result>(
  ref: QueryReference<Args, Result>,
  ...rest: OptionalArgs<Args> | ['skip']
): Result | undefined {
  const { userId } = useReplicaContext();
  const given = rest[0];
  const args = (given ?? {}) as Args;
  const key = given === 'skip' ? null : queryKey(ref, args);
  const state = useLive<Result>(key, (replica) => liveQuery(replica, userId, ref, args));
  if (state.error) throw state.error;
  return state.data;
}

/** The results an optimistic update reads and sets (the queries on screen). */
export interface OptimisticLocalStore {
  getQuery<Args, Result>(ref: QueryReference<Args, Result>, ...args: OptionalArgs<Args>): Result | undefined;
  setQuery<Args, Result>(ref: QueryReference<Args, Result>, args: Args, value: Result): void;
  /** Every result of `ref` on screen, with the arguments it ran with. */
  getAllQueries<Args, Result>(
    ref: QueryReference<Args, Result>,
  ): Array<{ args: Args; value: Result | undefined }>;
}

/** Convex's mutation function: call it; `withOptimisticUpdate` shows a result before it lands. */
export interface ReactMutation<Args, Result> {
  (...args: OptionalArgs<Args>): Promise<Result>;
  withOptimisticUpdate(
    update: (store: OptimisticLocalStore, args: Args) => void,
  ): ReactMutation<Args, Result>;
}

// The optimistic store over the provider's live values; `touched` collects what it set.
function optimisticStore(
  cache: ReplicaContextValue['cache'],
  token: object,
  touched: Array<LiveEntry<unknown>>,
): OptimisticLocalStore {
  return {
    getQuery: (ref, ...args) => cache.find<never>(queryKey(ref, args[0]))?.getSnapshot().data,
    setQuery: (ref, args, value) => {
      const entry = cache.find<unknown>(queryKey(ref, args));
      if (!entry) return;
      entry.setOverlay(token, () => value);
      touched.push(entry);
    },
    getAllQueries: <Args, Result>(ref: QueryReference<Args, Result>) =>
      cache.findAll<Result>(queryPrefix(ref)).map(([key, entry]) => ({
        args: JSON.parse(key.slice(queryPrefix(ref).length)) as Args,
        value: entry.getSnapshot().data,
      })),
  };
}

/** Convex's useMutation over a registered mutation. */
export function useMutation<Args, Result>(ref: MutationReference<Args, Result>): ReactMutation<Args, Result> {
  const { replica, userId, cache } = useReplicaContext();
  return useMemo(() => {
    const call = async (args: Args, update?: (store: OptimisticLocalStore, args: Args) => void) => {
      if (!replica) throw notConnected();
      const token = {};
      const touched: Array<LiveEntry<unknown>> = [];
      update?.(optimisticStore(cache, token, touched), args);
      try {
        const result = await runOnce(replica, userId, ref, args);
        for (const entry of touched) entry.settleOverlay(token);
        return result;
      } catch (error) {
        // Rolled back: the queries show their own results again.
        for (const entry of touched) entry.clearOverlay(token);
        throw error;
      }
    };
    const bind = (update?: (store: OptimisticLocalStore, args: Args) => void): ReactMutation<Args, Result> =>
      Object.assign((...args: OptionalArgs<Args>) => call((args[0] ?? {}) as Args, update), {
        withOptimisticUpdate: bind,
      });
    return bind();
  }, [ref, replica, userId, cache]);
}

// An action's context over the provider's current value: `db` and the runners need the replica
// when they are used, not before, so an action that only calls the server runs at once.
function actionContext(context: ReplicaContextValue): ActionContext {
  const connected = () => {
    if (!context.replica) throw context.error ?? notConnected();
    return context.replica;
  };
  return {
    get db() {
      return connected();
    },
    get pb() {
      if (!context.pb)
        throw new PocketliteError({
          status: 400,
          code: 'no_client',
          message:
            'pocketlite: actions reach the server through <ReplicaProvider pb={pb}>, which was given none',
        });
      return context.pb as unknown as PocketBase;
    },
    userId: context.userId,
    runQuery: async (ref, ...args) => runOnce(connected(), context.userId, ref, args[0] ?? ({} as never)),
    runMutation: async (ref, ...args) => runOnce(connected(), context.userId, ref, args[0] ?? ({} as never)),
  };
}

/** Convex's useAction: runs a registered action (no live result, no optimistic update). */
export function useAction<Args, Result>(
  ref: ActionReference<Args, Result>,
): (...args: OptionalArgs<Args>) => Promise<Result> {
  const context = useReplicaContext();
  const latest = useRef(context);
  latest.current = context;
  return useCallback(
    (...args: OptionalArgs<Args>) => ref.run(actionContext(latest.current), (args[0] ?? {}) as Args),
    [ref],
  );
}

const noStatus = () => () => {};

/**
 * Convex's useConvexAuth, from the replica's user and its sync: `isLoading` while the signed-in
 * user's replica connects; `isAuthenticated` once it has, until the server refuses the user's
 * token (the sync pauses). A guest is never authenticated.
 */
export function useConvexAuth(): { isLoading: boolean; isAuthenticated: boolean } {
  const { replica, userId, error, status } = useReplicaContext();
  const refused = useSyncExternalStore(
    status ? (listener) => status.onStatus(listener) : noStatus,
    () => status?.status.sync?.status === 'paused',
    () => false,
  );
  const isLoading = userId !== null && replica === null && error === null;
  return useMemo(
    () => ({ isLoading, isAuthenticated: userId !== null && !isLoading && !refused && error === null }),
    [isLoading, userId, refused, error],
  );
}
