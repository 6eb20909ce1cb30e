// OpenSync's hooks contract: the 11 runtime exports and 51 types its src/hooks barrel has, so
// that OpenSync's `src/hooks/index.ts` becomes `export * from 'pocketlite/opensync'`.
export { inferProvider } from './convert.js';
export { useSessions, useSession, useMessages, usePublicSession } from './hooks-sessions.js';
export { useSearchSessions, useSearchMessages } from './hooks-search.js';
export { useAnalytics, useEvals } from './hooks-analytics.js';
export { useUser, useBulkOperations } from './hooks-account.js';
export type * from './types.js';
