// Picks the replica's storage in a browser worker: OPFS when the browser has sync access handles,
// else IndexedDB, else memory, and says why it fell back.
import { IndexedDbStore } from '../storage/indexeddb.js';
import { MemoryStore } from '../storage/memory.js';
import { OpfsPoolStore } from '../storage/opfs-pool.js';
import type { BlockStore } from '../storage/types.js';
import type { StorageStatus } from './protocol.js';

/** A store picked for a replica, how to let go of it, and how to delete it. */
export interface BrowserStorage {
  store: BlockStore;
  status: StorageStatus;
  /** Releases the files (OPFS handles, the IndexedDB connection) for the next leader. */
  release(): Promise<void>;
  /** Deletes everything the replica stored (after `release`). */
  destroy(): Promise<void>;
}

const ROOT = 'pocketlite';

function opfsMissing(): string | null {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.getDirectory !== 'function')
    return 'OPFS is not available in this browser (navigator.storage.getDirectory is missing)';
  if (
    typeof FileSystemFileHandle === 'undefined' ||
    !('createSyncAccessHandle' in FileSystemFileHandle.prototype)
  )
    return 'OPFS sync access handles are not available (they need a dedicated worker)';
  return null;
}

async function openOpfs(fileName: string): Promise<BrowserStorage> {
  const store = await OpfsPoolStore.create([ROOT, fileName]);
  return {
    store,
    status: { kind: 'opfs', persisted: false },
    release: async () => store.release(),
    destroy: async () => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT);
      await root.removeEntry(fileName, { recursive: true });
    },
  };
}

async function openIndexedDb(fileName: string, fallbackReason?: string): Promise<BrowserStorage> {
  const name = `${ROOT}:${fileName}`;
  const store = await IndexedDbStore.create(name);
  return {
    store,
    status: { kind: 'indexeddb', persisted: false, ...(fallbackReason ? { fallbackReason } : {}) },
    release: () => store.release(),
    destroy: () => IndexedDbStore.destroy(name),
  };
}

function memory(fallbackReason?: string): BrowserStorage {
  return {
    store: new MemoryStore(),
    status: { kind: 'memory', persisted: false, ...(fallbackReason ? { fallbackReason } : {}) },
    release: async () => {},
    destroy: async () => {},
  };
}

const message = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Opens the storage of replica `fileName`: the kind asked for, or the best available for 'auto'. */
export async function openBrowserStorage(
  fileName: string,
  kind: 'auto' | StorageStatus['kind'] = 'auto',
): Promise<BrowserStorage> {
  if (kind === 'memory') return memory();
  if (kind === 'indexeddb') return openIndexedDb(fileName);
  let reason = opfsMissing();
  if (!reason) {
    try {
      return await openOpfs(fileName);
    } catch (error) {
      if (kind === 'opfs') throw error;
      reason = `OPFS failed to open: ${message(error)}`;
    }
  } else if (kind === 'opfs') throw new Error(reason);
  if (typeof indexedDB === 'undefined') return memory(`${reason}; IndexedDB is not available either`);
  try {
    return await openIndexedDb(fileName, reason);
  } catch (error) {
    return memory(`${reason}; IndexedDB failed to open: ${message(error)}`);
  }
}

/** Asks the browser to keep the origin's data under storage pressure, and reads usage and quota. */
export async function storageEstimate(askPersist: boolean): Promise<Partial<StorageStatus>> {
  const manager = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!manager) return {};
  const persisted = askPersist
    ? await manager.persist?.().catch(() => false)
    : await manager.persisted?.().catch(() => false);
  const { usage, quota }: StorageEstimate = (await manager.estimate?.().catch(() => ({}))) ?? {};
  return {
    persisted: persisted === true,
    ...(usage !== undefined ? { usage } : {}),
    ...(quota !== undefined ? { quota } : {}),
  };
}
