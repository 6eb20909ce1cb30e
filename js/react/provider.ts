// <ReplicaProvider>: gives the hooks below it a replica. It either takes one (opened in this
// thread, or connected by the app), or owns one: it connects the worker for the PocketBase
// client's signed-in user, passes token refreshes on, reconnects when the user changes, and
// closes the replica when it unmounts.
import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

import { connectReplica, type ConnectOptions, type ReplicaClient } from '../runtime/client.js';
import type { ReplicaSource } from '../source.js';
import { LiveCache } from './live-store.js';
import { isStatusSource, type StatusSource } from './status.js';

/** What the hooks read from the nearest provider. */
export interface ReplicaContextValue {
  /** Null while the provider's worker connects (or when it failed: `error`). */
  replica: ReplicaSource<object> | null;
  status: StatusSource | null;
  /** The signed-in user whose replica this is (null for a guest). */
  userId: string | null;
  /** The PocketBase server's URL. */
  url: string | null;
  /** The app's PocketBase client, when the provider was given one (what Convex-style actions call). */
  pb: PocketBaseAuthSource | null;
  error: Error | null;
  /** @internal the live values of this replica */
  cache: LiveCache;
  /** @internal resolves when this value is replaced (the replica connected, failed or changed) */
  replaced: Promise<void>;
}

// A context value with its `replaced` promise, and the function that keeps that promise.
function contextValue(fields: Omit<ReplicaContextValue, 'cache' | 'replaced'>) {
  let replace = () => {};
  const replaced = new Promise<void>((resolve) => (replace = resolve));
  return { value: { ...fields, cache: new LiveCache(), replaced }, replace };
}

// Provides `value`, resolving its `replaced` when a new one takes its place or the provider leaves:
// what suspended hooks wait for while the replica connects.
function Provide({ value, children }: { value: ReturnType<typeof contextValue> } & Children) {
  useEffect(() => value.replace, [value]);
  // The page's own writes show in the hooks before a worker replica answers.
  useEffect(() => {
    const { replica, cache } = value.value;
    return replica?.onLocalWrite?.((write) => cache.showWrite(write));
  }, [value]);
  return createElement(ReplicaContext.Provider, { value: value.value }, children);
}

/** The part of the PocketBase SDK client the provider uses (a `new PocketBase(url)`). */
export interface PocketBaseAuthSource {
  baseURL?: string;
  baseUrl?: string;
  authStore: {
    token: string;
    record: ({ id: string } & Record<string, unknown>) | null;
    onChange(callback: (token: string, record: unknown) => void, fireImmediately?: boolean): () => void;
  };
}

type Children = { children?: ReactNode };

/** Props of a provider given a replica: `openReplica(...)` in this thread, or a connected client. */
export interface GivenReplicaProps extends Children {
  // Any record-type map: a Replica<Collections> from codegen as well as an untyped one.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map's record types are invariant here
  replica: ReplicaSource<any>;
  /** Its status (a ReplicaClient is its own; `localStatus(replica, { sync })` for one in this thread). */
  status?: StatusSource;
  userId?: string | null;
  url?: string;
  /** The app's PocketBase client, for code that calls the server directly (pocketlite/convex actions). */
  pb?: PocketBaseAuthSource;
}

/** Props of a provider that connects the worker replica of `pb`'s signed-in user itself. */
export interface OwnedReplicaProps extends Children, Omit<ConnectOptions, 'url' | 'userId' | 'auth'> {
  pb: PocketBaseAuthSource;
}

export type ReplicaProviderProps = GivenReplicaProps | OwnedReplicaProps;

const ReplicaContext = createContext<ReplicaContextValue | null>(null);

/** Makes a replica available to the hooks of its subtree. */
export function ReplicaProvider(props: ReplicaProviderProps) {
  return 'replica' in props ? createElement(GivenReplica, props) : createElement(OwnedReplica, props);
}

function GivenReplica({ replica, status, userId, url, pb, children }: GivenReplicaProps) {
  const value = useMemo(
    () =>
      contextValue({
        replica,
        status: status ?? (isStatusSource(replica) ? replica : null),
        userId: userId ?? (replica as { userId?: string | null }).userId ?? null,
        url: url ?? (replica as { url?: string }).url ?? null,
        pb: pb ?? null,
        error: null,
      }),
    [replica, status, userId, url, pb],
  );
  return createElement(Provide, { value }, children);
}

function OwnedReplica({ pb, children, ...options }: OwnedReplicaProps) {
  const url = pb.baseURL ?? pb.baseUrl ?? '';
  const [userId, setUserId] = useState<string | null>(pb.authStore.record?.id ?? null);
  const [state, setState] = useState<{ client: ReplicaClient | null; error: Error | null }>({
    client: null,
    error: null,
  });
  // Options are read when connecting: changing the schema or worker needs a remount (a `key`).
  const [connectOptions] = useState(options);

  useEffect(() => {
    let cancelled = false;
    let client: ReplicaClient | null = null;
    const auth = userId ? { token: pb.authStore.token, record: pb.authStore.record } : null;
    connectReplica({ ...connectOptions, url, userId, auth }).then(
      (connected) => {
        client = connected;
        if (cancelled) void connected.close();
        else setState({ client: connected, error: null });
      },
      (error: unknown) => !cancelled && setState({ client: null, error: toError(error) }),
    );
    const stopAuth = pb.authStore.onChange((token, record) => {
      const id = (record as { id?: string } | null)?.id ?? null;
      if (id !== userId) setUserId(id);
      else client?.setAuth(id ? { token, record: record as Record<string, unknown> } : null);
    });
    return () => {
      cancelled = true;
      stopAuth();
      setState({ client: null, error: null });
      void client?.close();
    };
  }, [pb, url, userId, connectOptions]);

  const value = useMemo(
    () =>
      contextValue({
        replica: state.client as ReplicaSource<object> | null,
        status: state.client,
        userId,
        url,
        pb,
        error: state.error,
      }),
    [state, userId, url, pb],
  );
  return createElement(Provide, { value }, children);
}

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** The nearest provider's value, or null outside any provider. */
export function useOptionalReplicaContext(): ReplicaContextValue | null {
  return useContext(ReplicaContext);
}

/** The nearest provider's replica and status; throws when there is no provider. */
export function useReplicaContext(): ReplicaContextValue {
  const value = useContext(ReplicaContext);
  if (!value) throw new Error('pocketlite: hooks need a <ReplicaProvider> above them');
  return value;
}

/** The replica of the nearest provider (null while it connects). */
export function useReplica<C extends object = object>(): ReplicaSource<C> | null {
  return useReplicaContext().replica as ReplicaSource<C> | null;
}

/** The sync controls of a replica the provider runs in a worker (ReplicaClient). */
export interface SyncControl {
  /** Stops the sync (the app works offline; writes queue) or starts it again. */
  setSyncEnabled(enabled: boolean): Promise<void>;
  /** Pulls every collection now. */
  syncNow(): Promise<void>;
  /** Sends the outbox now. */
  flush(): Promise<void>;
}

/**
 * The nearest provider's sync controls: null while it connects, and for a replica the app gave
 * (whose sync the app runs itself).
 */
export function useSyncControl(): SyncControl | null {
  const replica = useReplicaContext().replica as (ReplicaSource<object> & Partial<SyncControl>) | null;
  return replica && typeof replica.setSyncEnabled === 'function' ? (replica as SyncControl) : null;
}
