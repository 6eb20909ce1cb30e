// pocketlite/react: a provider and live hooks over a local PocketBase replica.
export {
  ReplicaProvider,
  useReplica,
  useReplicaContext,
  useSyncControl,
  type SyncControl,
  type ReplicaProviderProps,
  type GivenReplicaProps,
  type OwnedReplicaProps,
  type PocketBaseAuthSource,
  type ReplicaContextValue,
} from './provider.js';
export {
  useLive,
  useLiveValue,
  useSuspenseLive,
  useSuspenseLiveValue,
  computed,
  type LiveResult,
  type SuspenseResult,
} from './live.js';
export type { LiveState, LiveStart } from './live-store.js';
export {
  useQuery,
  useSuspenseQuery,
  useLiveRecord,
  useCount,
  useSearch,
  useVectorSearch,
  useSimilar,
  useHybridSearch,
  useAggregate,
  type Register,
  type Collections,
  type RecordFor,
  type ListQuery,
  type OneQuery,
  type FirstQuery,
  type FullQuery,
} from './queries.js';
export { useMutation, type Mutation, type MutationCall, type MutationCallState } from './mutation.js';
export { useCan, type CanQuery } from './rules.js';
export { useSyncStatus, type SyncStatusView } from './sync-status.js';
export { localStatus, type StatusSource } from './status.js';
