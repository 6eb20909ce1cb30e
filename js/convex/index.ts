// pocketlite/convex: Convex's React hooks over the local replica, for apps leaving Convex. A
// function reference (`api.sessions.list`) is a function the app registers with query(),
// mutation() or action(); queries run against the replica and stay live (they run again when
// something they read answers differently), mutations write it, actions reach the server.
export {
  action,
  mutation,
  query,
  type ActionContext,
  type ActionReference,
  type DocumentShape,
  type FunctionContext,
  type FunctionDefinition,
  type MutationReference,
  type OptionalArgs,
  type QueryReference,
} from './functions.js';
export { toConvexDocument, type ConvexDocument } from './documents.js';
export {
  useAction,
  useConvexAuth,
  useMutation,
  useQuery,
  type OptimisticLocalStore,
  type ReactMutation,
} from './hooks.js';
export {
  paginate,
  usePaginatedQuery,
  type PaginationOptions,
  type PaginationResult,
  type PaginationStatus,
} from './pagination.js';
