// Picks the replica's storage in a browser worker: OPFS when the browser has sync access handles,
// else IndexedDB, else memory, and says why it fell back.
import { IndexedDbStore } from '../storage/indexeddb.js';
import { MemoryStore } from '../storage/memory.js';
import { OpfsPoolStore } from '../storage/opfs-pool.js';
import type { BlockStore } from '../storage/types.js';
import type { StorageStatus, StorageWarning } from './protocol.js';

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
  let refused = false;
  if (!reason) {
    try {
      return await openOpfs(fileName);
    } catch (error) {
      if (kind === 'opfs') throw error;
      reason = `OPFS failed to open: ${message(error)}`;
      // Firefox refuses OPFS with a SecurityError in private windows (and only there).
      refused = (error as Error | null)?.name === 'SecurityError';
    }
  } else if (kind === 'opfs') throw new Error(reason);
  const fallback = await fallBack(fileName, reason);
  if (refused) fallback.status.private = true;
  return fallback;
}

async function fallBack(fileName: string, reason: string): Promise<BrowserStorage> {
  if (typeof indexedDB === 'undefined') return memory(`${reason}; IndexedDB is not available either`);
  try {
    return await openIndexedDb(fileName, reason);
  } catch (error) {
    return memory(`${reason}; IndexedDB failed to open: ${message(error)}`);
  }
}

/** Reads whether the origin's data is persisted, and its usage and quota. */
export async function storageEstimate(): Promise<Partial<StorageStatus>> {
  const manager = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!manager) return {};
  const persisted = await manager.persisted?.().catch(() => false);
  const { usage, quota }: StorageEstimate = (await manager.estimate?.().catch(() => ({}))) ?? {};
  return {
    persisted: persisted === true,
    ...(usage !== undefined ? { usage } : {}),
    ...(quota !== undefined ? { quota } : {}),
  };
}

/** Below this quota an origin is likely in a private window (Chromium gives it about 100 MB). */
export const SMALL_QUOTA_BYTES = 512 * 1024 * 1024;
/** Past this share of the quota, writes may soon fail. */
const NEARLY_FULL = 0.9;

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

/** What puts this replica at risk in this browser context, given its outbox's unsynced writes. */
export function storageWarnings(status: StorageStatus, unsynced: number): StorageWarning[] {
  const warnings: StorageWarning[] = [];
  const { kind, usage, quota, persisted } = status;
  if (kind === 'memory')
    warnings.push({
      code: 'memory',
      message: 'The replica lives in memory only: closing the tab loses it, with writes not yet synced.',
    });
  if (status.private)
    warnings.push({
      code: 'private',
      message:
        'A private window: the browser deletes the replica when the private session ends, with writes not yet synced, and syncing is slower (no OPFS).',
    });
  if (quota !== undefined && quota < SMALL_QUOTA_BYTES)
    warnings.push({
      code: 'small-quota',
      message: `This browser lets the site store only ${megabytes(quota)} (a private window?): the replica may not fit, and syncing is slower.`,
    });
  if (quota && usage !== undefined && usage / quota > NEARLY_FULL)
    warnings.push({
      code: 'nearly-full',
      message: `Storage is ${Math.round((100 * usage) / quota)}% full (${megabytes(usage)} of ${megabytes(quota)}): writes may soon fail.`,
    });
  if (kind !== 'memory' && !persisted && unsynced > 0)
    warnings.push({
      code: 'unsynced-not-persisted',
      message: `${unsynced} write${unsynced === 1 ? '' : 's'} not yet on the server, in storage the browser may clear under pressure (persistence not granted).`,
    });
  return warnings;
}
