// pocketlite/browser: the page side of the browser runtime (the engine runs in a worker).
export {
  connectReplica,
  prepareReplica,
  requestPersistence,
  ReplicaClient,
  RemoteCollection,
  type ConnectOptions,
} from './runtime/client.js';
export type { RuntimeStatus, StorageStatus, StorageWarning } from './runtime/protocol.js';
export { OpfsPoolStore, type OpfsPoolOptions } from './storage/opfs-pool.js';
export { IndexedDbStore } from './storage/indexeddb.js';
