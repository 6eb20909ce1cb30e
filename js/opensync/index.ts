// OpenSync's preset: everything of pocketlite/opensync/core plus the React hooks OpenSync's
// pages use (React is needed from here on; the core part runs in Node without it).
export * from './core.js';
export {
  useSessions,
  useSession,
  useMessages,
  usePublicSession,
  sessionsFilter,
  type UseSessionsOptions,
  type UseMessagesOptions,
} from './hooks-sessions.js';
export {
  useSearchSessions,
  useSearchMessages,
  useAnalytics,
  useEvals,
  useBulkOperations,
  useUser,
  useSemanticSearch,
  useSimilarSessions,
  useHybridSessionSearch,
  deleteSessions,
} from './hooks-account.js';
