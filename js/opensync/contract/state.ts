// How the OpenSync hooks hold a value: live from the replica (recomputed after each write that
// touches what it read), keyed by primitive options only (pages build option objects afresh on
// every render), the previous value kept while a new key loads, and errors as strings.
import { useMemo, useRef } from 'react';

import type { ChangeRead } from '../../replica.js';
import { useLiveValue } from '../../react/live.js';
import type { ReplicaSource } from '../../source.js';
import { errorText } from './convert.js';

/** A hook's value, the OpenSync way. */
export interface HookValue<T> {
  /** The latest result, or the previous key's while a new one loads (undefined before any). */
  data: T | undefined;
  /** This key's result has arrived (or failed). */
  settled: boolean;
  isLoading: boolean;
  error: string | null;
  refetch: () => Promise<void>;
}

/**
 * A live value for the OpenSync hooks. `key` must be built from primitive options only (null:
 * skipped); `fallback` is the error message for a thrown value that is not an Error.
 */
export function useHookValue<T>(
  key: string | null,
  reads: ChangeRead[],
  compute: (replica: ReplicaSource) => Promise<T>,
  fallback: string,
): HookValue<T> {
  const live = useLiveValue(key === null ? null : `opensync-contract:${key}`, reads, compute);
  const kept = useRef<T | undefined>(undefined);
  if (live.data !== undefined) kept.current = live.data;
  const { refetch } = live;
  const error = live.error ? errorText(live.error, fallback) : null;
  const settled = key !== null && (live.data !== undefined || live.error !== null);
  const data = live.data ?? kept.current;
  return useMemo(
    () => ({
      data,
      settled,
      isLoading: key !== null && !settled,
      error,
      refetch: async () => refetch(),
    }),
    [data, settled, key, error, refetch],
  );
}
