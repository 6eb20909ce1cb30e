// useMutation: writes through the outbox. A write commits to the local replica first, so every
// live hook shows it at once (the optimistic result; in a worker replica an update or delete is
// laid over the page's live results before the worker answers, js/react/optimistic.ts); the
// server's answer comes later, and a refusal reverts the record to the server's state (the
// engine's outbox does that). Each call's state follows it: running → pending (local, queued) →
// synced, or failed (the server refused).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { RecordModel } from '../model.js';
import type { CollectionSource } from '../source.js';
import { useReplica } from './provider.js';
import type { RecordFor } from './queries.js';
import { ENGINE } from '../wasm/constants.js';

/** Where one write is: in the engine, queued, accepted by the server, refused by it, or refused locally. */
export type MutationCallState = 'running' | 'pending' | 'synced' | 'failed' | 'error';

/** One call of a mutation hook. */
export interface MutationCall<T> {
  id: number;
  op: 'create' | 'update' | 'delete';
  recordId: string;
  state: MutationCallState;
  /** The record as written locally (create, update). */
  record?: T;
  /** Why it failed: the engine's validation error, or the server's refusal. */
  error?: Error;
}

/** What useMutation returns; the write methods reject (as the SDK's do) when the engine refuses. */
export interface Mutation<T extends RecordModel> {
  create(data: Partial<T> & Record<string, unknown>): Promise<T>;
  update(id: string, data: Partial<T> & Record<string, unknown>): Promise<T>;
  delete(id: string): Promise<boolean>;
  /** This hook's recent calls (the last 50), oldest first. */
  calls: Array<MutationCall<T>>;
  /** The latest call, if any. */
  last: MutationCall<T> | undefined;
  /** A call is running in the engine. */
  isMutating: boolean;
  /** A call waits for the server. */
  isPending: boolean;
  /** The latest call's error. */
  error: Error | null;
  /** Forgets the calls. */
  reset(): void;
}

const KEEP_CALLS = 50;
let nextCallId = 1;

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Create, update and delete on `collection`, with each call's local and server state. */
export function useMutation<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
): Mutation<T> {
  const replica = useReplica();
  const [calls, setCalls] = useState<Array<MutationCall<T>>>([]);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  const patch = useCallback((id: number, change: Partial<MutationCall<T>>) => {
    if (mounted.current)
      setCalls((list) => list.map((call) => (call.id === id ? { ...call, ...change } : call)));
  }, []);

  const run = useCallback(
    async <R>(
      op: MutationCall<T>['op'],
      recordId: string,
      write: (records: CollectionSource<T>) => Promise<R>,
    ) => {
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      const id = nextCallId++;
      setCalls((list) => [...list.slice(-(KEEP_CALLS - 1)), { id, op, recordId, state: 'running' }]);
      try {
        const result = await write(replica.collection(collection) as unknown as CollectionSource<T>);
        const record = typeof result === 'object' ? (result as T) : undefined;
        patch(id, { state: 'pending', ...(record ? { record, recordId: record.id } : {}) });
        return result;
      } catch (error) {
        patch(id, { state: 'error', error: toError(error) });
        throw error;
      }
    },
    [replica, collection, patch],
  );

  // While calls wait for the server, follow the collection's sync states.
  const waiting = calls.some((call) => call.state === 'pending');
  useEffect(() => {
    if (!waiting || !replica) return;
    const records = replica.collection(collection);
    let stopped = false;
    const check = async () => {
      const states = await records.syncStates().catch(() => null);
      if (!states || stopped) return;
      setCalls((list) => {
        let changed = false;
        const next = list.map((call) => {
          if (call.state !== 'pending') return call;
          const state = states[call.recordId];
          if (state && state.state !== 'failed') return call;
          changed = true;
          return state
            ? {
                ...call,
                state: 'failed' as const,
                error: toError(state.error?.message ?? 'the server refused the write'),
              }
            : { ...call, state: 'synced' as const };
        });
        return changed ? next : list;
      });
    };
    const stop = replica.watchChanges([ENGINE.outboxTable], () => void check());
    return () => {
      stopped = true;
      stop();
    };
  }, [waiting, replica, collection]);

  const create = useCallback(
    (data: Partial<T> & Record<string, unknown>) =>
      run('create', String(data.id ?? ''), (r) => r.create(data)),
    [run],
  );
  const update = useCallback(
    (id: string, data: Partial<T> & Record<string, unknown>) => run('update', id, (r) => r.update(id, data)),
    [run],
  );
  const remove = useCallback((id: string) => run('delete', id, (r) => r.delete(id)), [run]);
  const reset = useCallback(() => setCalls([]), []);

  return useMemo(() => {
    const last = calls.at(-1);
    return {
      create,
      update,
      delete: remove,
      calls,
      last,
      isMutating: calls.some((call) => call.state === 'running'),
      isPending: calls.some((call) => call.state === 'pending'),
      error: last?.error ?? null,
      reset,
    };
  }, [calls, create, update, remove, reset]);
}
