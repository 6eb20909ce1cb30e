// OpenSync's preset: everything of pocketlite/opensync/core plus the React hooks: OpenSync's own
// (the contract, so its src/hooks becomes one re-export line) and the richer ones it could not
// have (React is needed from here on; the core part runs in Node without it).
export * from './core.js';
export * from './contract/index.js';
export { sessionsFilter } from './contract/hooks-sessions.js';
export {
  useSessionSearch,
  useMessageSearch,
  useAnalyticsRollups,
  useSemanticSearch,
  useSimilarSessions,
  useHybridSessionSearch,
} from './hooks-extras.js';
