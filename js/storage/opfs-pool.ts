import type { BlockStore } from './types.js';

/** The part of OPFS's FileSystemSyncAccessHandle this store uses (worker-only API). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  getSize(): number;
  close(): void;
}

type FileHandleWithSync = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

/** Each slot file starts with a header naming the logical file it holds; data follows it. */
const HEADER = 4096;
const MAGIC = 0x31534c50; // "PLS1"
const MAX_NAME = 1024;

interface Slot {
  index: number;
  handle: SyncAccessHandle;
  /** The logical file in this slot, or null when the slot is free. */
  name: string | null;
}

/** Options of {@link OpfsPoolStore.create}. */
export interface OpfsPoolOptions {
  /** Slot files to pre-open: the database, its journal and room to spare. */
  capacity?: number;
  /** How long to keep retrying while another worker still holds the files (a leader handing over). */
  acquireTimeoutMs?: number;
}

/**
 * Files in the Origin Private File System through a pool of pre-opened sync access handles, the
 * approach of SQLite's `opfs-sahpool`: opening a sync handle is async, but SQLite's VFS is not, so
 * every handle is opened up front and logical files are mapped onto slot files by a name header.
 * Needs no cross-origin isolation. Only one worker may hold the pool: callers take a Web Lock
 * first (the runtime's leader does), and `close()` releases the handles for the next holder.
 */
export class OpfsPoolStore implements BlockStore {
  readonly kind = 'opfs';
  private readonly handles = new Map<number, Slot>();
  private nextHandle = 1;

  private constructor(
    private readonly slots: Slot[],
    /** The directory holding the slot files. */
    readonly directory: FileSystemDirectoryHandle,
  ) {}

  /** Opens (creating) the pool in `path` under the origin's OPFS root. Fails where OPFS is missing. */
  static async create(path: string[], options: OpfsPoolOptions = {}): Promise<OpfsPoolStore> {
    let directory = await navigator.storage.getDirectory();
    for (const part of path) directory = await directory.getDirectoryHandle(part, { create: true });
    const capacity = options.capacity ?? 6;
    const deadline = Date.now() + (options.acquireTimeoutMs ?? 5000);
    const slots: Slot[] = [];
    try {
      for (let index = 0; index < capacity; index++) {
        const file = (await directory.getFileHandle(`slot-${index}`, { create: true })) as FileHandleWithSync;
        const handle = await acquire(file, deadline);
        slots.push({ index, handle, name: readHeader(handle) });
      }
    } catch (error) {
      for (const slot of slots) slot.handle.close();
      throw error;
    }
    return new OpfsPoolStore(slots, directory);
  }

  open(name: string, create: boolean): number {
    let slot = this.slots.find((s) => s.name === name);
    if (!slot) {
      if (!create) throw new Error(`no such file: ${name}`);
      slot = this.slots.find((s) => s.name === null);
      if (!slot) throw new Error(`the OPFS pool has no free slot for ${name} (${this.slots.length} slots)`);
      slot.handle.truncate(HEADER);
      writeHeader(slot.handle, name);
      slot.name = name;
    }
    this.handles.set(this.nextHandle, slot);
    return this.nextHandle++;
  }

  close(handle: number): void {
    this.handles.delete(handle);
  }

  read(handle: number, target: Uint8Array, offset: number): number {
    return this.slot(handle).handle.read(target, { at: HEADER + offset });
  }

  write(handle: number, data: Uint8Array, offset: number): void {
    const written = this.slot(handle).handle.write(data, { at: HEADER + offset });
    // Chromium reports an exhausted quota as a short (or negative) count rather than throwing.
    if (written !== data.length)
      throw new DOMException(
        `the origin's storage quota is exhausted (wrote ${written | 0} of ${data.length} bytes)`,
        'QuotaExceededError',
      );
  }

  truncate(handle: number, size: number): void {
    this.slot(handle).handle.truncate(HEADER + size);
  }

  sync(handle: number): void {
    this.slot(handle).handle.flush();
  }

  size(handle: number): number {
    return Math.max(0, this.slot(handle).handle.getSize() - HEADER);
  }

  remove(name: string): void {
    const slot = this.slots.find((s) => s.name === name);
    if (!slot) return;
    slot.handle.truncate(0);
    slot.handle.flush();
    slot.name = null;
  }

  exists(name: string): boolean {
    return this.slots.some((s) => s.name === name);
  }

  /** Releases every sync access handle, so another worker can open the pool. Safe to call twice. */
  release(): void {
    for (const slot of this.slots.splice(0)) slot.handle.close();
    this.handles.clear();
  }

  private slot(handle: number): Slot {
    const slot = this.handles.get(handle);
    if (!slot) throw new Error(`bad file handle ${handle}`);
    return slot;
  }
}

// A handle still held by a worker that is shutting down (or a crashed tab the browser has not
// reaped yet) makes createSyncAccessHandle fail with NoModificationAllowedError: retry until the
// deadline, then report which file stayed locked.
async function acquire(file: FileHandleWithSync, deadline: number): Promise<SyncAccessHandle> {
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await file.createSyncAccessHandle();
    } catch (error) {
      if ((error as DOMException).name !== 'NoModificationAllowedError' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function readHeader(handle: SyncAccessHandle): string | null {
  if (handle.getSize() < HEADER) return null;
  const header = new Uint8Array(HEADER);
  handle.read(header, { at: 0 });
  const view = new DataView(header.buffer);
  const length = view.getUint32(4, true);
  if (view.getUint32(0, true) !== MAGIC || length === 0 || length > MAX_NAME) return null;
  return new TextDecoder().decode(header.subarray(8, 8 + length));
}

function writeHeader(handle: SyncAccessHandle, name: string): void {
  const encoded = new TextEncoder().encode(name);
  if (encoded.length > MAX_NAME) throw new Error(`file name too long for the OPFS pool: ${name}`);
  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, encoded.length, true);
  header.set(encoded, 8);
  handle.write(header, { at: 0 });
  handle.flush();
}
