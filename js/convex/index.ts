// pocketlite/convex: Convex's React hooks over the local replica, for apps leaving Convex. A
// function reference (`api.sessions.list`) is a function the app registers with query(),
// mutation() or action(); it runs against the replica, and a query re-runs after each write
// that changes what it read.
import { useCallback, useMemo, useRef, useState } from 'react';

import type { ChangeRead } from '../replica.js';
import type { ListOptions } from '../model.js';
import type { CollectionSource, ReplicaSource } from '../source.js';
import { useLive } from '../react/live.js';
import type { LiveEntry, LiveStart } from '../react/live-store.js';
import { useReplicaContext } from '../react/provider.js';

/** What a registered function receives: the replica (`db`) and the signed-in user. */
export interface FunctionContext {
  db: ReplicaSource;
  userId: string | null;
}

/** A registered query: `run(ctx, args)` reads the replica. */
export interface QueryReference<Args, Result> {
  readonly kind: 'query';
  readonly name: string;
  readonly run: (ctx: FunctionContext, args: Args) => Promise<Result>;
}
/** A registered mutation: writes the replica (through the outbox). */
export interface MutationReference<Args, Result> {
  readonly kind: 'mutation';
  readonly name: string;
  readonly run: (ctx: FunctionContext, args: Args) => Promise<Result>;
}
/** A registered action: anything else (calls to other services), run as is. */
export interface ActionReference<Args, Result> {
  readonly kind: 'action';
  readonly name: string;
  readonly run: (ctx: FunctionContext, args: Args) => Promise<Result>;
}

let anonymous = 0;

/** Registers a query; `name` keys its results (give one per function, e.g. 'sessions:list'). */
export function query<Args = Record<string, never>, Result = unknown>(
  run: (ctx: FunctionContext, args: Args) => Promise<Result>,
  name = `query${++anonymous}`,
): QueryReference<Args, Result> {
  return { kind: 'query', name, run };
}
/** Registers a mutation. */
export function mutation<Args = Record<string, never>, Result = unknown>(
  run: (ctx: FunctionContext, args: Args) => Promise<Result>,
  name = `mutation${++anonymous}`,
): MutationReference<Args, Result> {
  return { kind: 'mutation', name, run };
}
/** Registers an action. */
export function action<Args = Record<string, never>, Result = unknown>(
  run: (ctx: FunctionContext, args: Args) => Promise<Result>,
  name = `action${++anonymous}`,
): ActionReference<Args, Result> {
  return { kind: 'action', name, run };
}

const READ_METHODS = ['getOne', 'getList', 'getFullList', 'getFirstListItem', 'count', 'search'] as const;

// The replica as a query sees it: every collection read (with its filter and sort) is recorded,
// so the query re-runs when exactly those change.
function tracking(replica: ReplicaSource, reads: ChangeRead[]): ReplicaSource {
  const collection = (name: string) => {
    const records = replica.collection(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const wrapped: Record<string, unknown> = Object.create(records);
    for (const method of READ_METHODS) {
      wrapped[method] = (...args: unknown[]) => {
        const options = (
          method === 'getFirstListItem'
            ? { ...(args[1] as object), filter: args[0] }
            : method === 'count'
              ? { filter: args[0] }
              : method === 'getList'
                ? args[2]
                : method === 'getFullList'
                  ? args[0]
                  : undefined
        ) as ListOptions | undefined;
        reads.push(
          options?.filter || options?.sort
            ? { collection: name, filter: options.filter, sort: options.sort }
            : name,
        );
        return records[method]!.apply(records, args);
      };
    }
    return wrapped as unknown as CollectionSource<never>;
  };
  return Object.assign(Object.create(replica), { collection }) as ReplicaSource;
}

const sameReads = (a: ChangeRead[], b: ChangeRead[]) => JSON.stringify(a) === JSON.stringify(b);

// Runs a query, then again after each write to what its last run read.
function liveQuery<Args, Result>(
  replica: ReplicaSource,
  userId: string | null,
  ref: QueryReference<Args, Result>,
  args: Args,
): LiveStart<Result> {
  return (push, fail) => {
    let stopped = false;
    let watching: { reads: ChangeRead[]; stop: () => void } | null = null;
    let running = false;
    let again = false;
    const run = async () => {
      if (running) return void (again = true);
      running = true;
      do {
        again = false;
        const reads: ChangeRead[] = [];
        try {
          const value = await ref.run({ db: tracking(replica, reads), userId }, args);
          if (stopped) break;
          push(value);
        } catch (error) {
          if (!stopped) fail(error);
        }
        if (!stopped && (!watching || !sameReads(watching.reads, reads))) {
          watching?.stop();
          let first = true;
          // watchChanges reports once at once: that first report is this run's.
          const stop = replica.watchChanges(reads, () => (first ? (first = false) : void run()), fail);
          watching = { reads, stop };
        }
      } while (again && !stopped);
      running = false;
    };
    void run();
    return () => {
      stopped = true;
      watching?.stop();
    };
  };
}

const queryKey = (ref: { name: string }, args: unknown) => `convex:${ref.name}:${JSON.stringify(args ?? {})}`;

/**
 * Convex's useQuery: the query's result, `undefined` while loading, live. "skip" runs nothing.
 * Errors are thrown to the nearest error boundary, as Convex does.
 */
export function useQuery<Args, Result>(
  ref: QueryReference<Args, Result>,
  args: Args | 'skip' = {} as Args,
): Result | undefined {
  const { userId } = useReplicaContext();
  const key = args === 'skip' ? null : queryKey(ref, args);
  const state = useLive<Result>(key, (replica) => liveQuery(replica, userId, ref, args as Args));
  if (state.error) throw state.error;
  return state.data;
}

/** The results an optimistic update reads and sets (the queries on screen). */
export interface OptimisticLocalStore {
  getQuery<Args, Result>(ref: QueryReference<Args, Result>, args: Args): Result | undefined;
  setQuery<Args, Result>(ref: QueryReference<Args, Result>, args: Args, value: Result): void;
}

/** Convex's mutation function: call it; `withOptimisticUpdate` shows a result before it lands. */
export interface ReactMutation<Args, Result> {
  (args: Args): Promise<Result>;
  withOptimisticUpdate(
    update: (store: OptimisticLocalStore, args: Args) => void,
  ): ReactMutation<Args, Result>;
}

let nextToken = 1;

/** Convex's useMutation over a registered mutation. */
export function useMutation<Args, Result>(ref: MutationReference<Args, Result>): ReactMutation<Args, Result> {
  const { replica, userId, cache } = useReplicaContext();
  return useMemo(() => {
    const call = async (args: Args, update?: (store: OptimisticLocalStore, args: Args) => void) => {
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      const token = nextToken++;
      const touched: Array<LiveEntry<unknown>> = [];
      update?.(
        {
          getQuery: (q, a) => cache.find<never>(queryKey(q, a))?.getSnapshot().data,
          setQuery: (q, a, value) => {
            const entry = cache.find<unknown>(queryKey(q, a));
            if (!entry) return;
            entry.setOverlay(token, value);
            touched.push(entry);
          },
        },
        args,
      );
      try {
        const result = await ref.run({ db: replica, userId }, args);
        for (const entry of touched) entry.settleOverlay(token);
        return result;
      } catch (error) {
        // Rolled back: the queries show their own results again.
        for (const entry of touched) entry.clearOverlay(token);
        throw error;
      }
    };
    const bind = (update?: (store: OptimisticLocalStore, args: Args) => void): ReactMutation<Args, Result> =>
      Object.assign((args: Args) => call(args, update), { withOptimisticUpdate: bind });
    return bind();
  }, [ref, replica, userId, cache]);
}

/** Convex's useAction: runs a registered action (no live results, no optimistic update). */
export function useAction<Args, Result>(ref: ActionReference<Args, Result>): (args: Args) => Promise<Result> {
  const { replica, userId } = useReplicaContext();
  return useCallback(
    (args: Args) => {
      if (!replica) return Promise.reject(new Error('pocketlite: the replica is not connected yet'));
      return ref.run({ db: replica, userId }, args);
    },
    [ref, replica, userId],
  );
}

/** What a paginated query receives in `args.paginationOpts`, and returns. */
export interface PaginationOptions {
  numItems: number;
  cursor: string | null;
}
export interface PaginationResult<Item> {
  page: Item[];
  isDone: boolean;
  continueCursor: string | null;
}

/** Convex's usePaginatedQuery: the items loaded so far (live), and `loadMore(n)`. */
export function usePaginatedQuery<Args extends object, Item>(
  ref: QueryReference<Args & { paginationOpts: PaginationOptions }, PaginationResult<Item>>,
  args: Args | 'skip',
  options: { initialNumItems: number },
) {
  const [numItems, setNumItems] = useState(options.initialNumItems);
  // One live query of the first `numItems` items: every loaded page stays live.
  const full = args === 'skip' ? 'skip' : { ...args, paginationOpts: { numItems, cursor: null } };
  const result = useQuery(ref, full as Args & { paginationOpts: PaginationOptions });
  const last = useRef<PaginationResult<Item> | undefined>(undefined);
  if (result) last.current = result;
  const shown = result ?? last.current;
  const status =
    args === 'skip' || !shown
      ? 'LoadingFirstPage'
      : !result
        ? 'LoadingMore'
        : result.isDone
          ? 'Exhausted'
          : 'CanLoadMore';
  const loadMore = useCallback(
    (n: number) => status === 'CanLoadMore' && setNumItems((count) => count + n),
    [status],
  );
  return {
    results: shown?.page ?? [],
    status,
    isLoading: status === 'LoadingFirstPage' || status === 'LoadingMore',
    loadMore,
  } as const;
}
