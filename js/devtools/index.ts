// pocketlite/devtools: a panel an app mounts in development, and the same data as a function.
export { PocketliteDevtools, type DevtoolsProps } from './panel.js';
export {
  inspect,
  runFilter,
  type DevtoolsSnapshot,
  type InspectTarget,
  type PlaygroundQuery,
} from './inspect.js';
export type { LiveQueryStats } from '../live-queries.js';
export type { SyncDiagnostics } from '../sync/sync.js';
export type { SyncLogEntry } from '../sync/logger.js';
