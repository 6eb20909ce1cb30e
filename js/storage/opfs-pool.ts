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

/**
 * Each slot file starts with a header: magic, the logical file's size and name. Data follows it.
 * The slot file itself grows in steps of at least GROWTH bytes: Chromium checks the quota (a round
 * trip to the browser process) on writes that extend a file. The header's size says where the
 * data really ends.
 */
const HEADER = 4096;
const MAGIC = 0x32534c50; // "PLS2"
const MAX_NAME = 1024;
const GROWTH = 1 << 20;

interface Slot {
  index: number;
  handle: SyncAccessHandle;
  /** The logical file in this slot, or null when the slot is free. */
  name: string | null;
  /** Bytes of the logical file (the slot file may be longer). */
  size: number;
  /** The size changed since the header was last written. */
  dirty: boolean;
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
        slots.push({ index, handle, ...readHeader(handle), dirty: false });
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
      Object.assign(slot, { name, size: 0, dirty: false });
      writeHeader(slot);
      slot.handle.flush();
    }
    this.handles.set(this.nextHandle, slot);
    return this.nextHandle++;
  }

  close(handle: number): void {
    this.handles.delete(handle);
  }

  read(handle: number, target: Uint8Array, offset: number): number {
    const slot = this.slot(handle);
    const count = Math.max(0, Math.min(target.length, slot.size - offset));
    return count === 0 ? 0 : slot.handle.read(target.subarray(0, count), { at: HEADER + offset });
  }

  write(handle: number, data: Uint8Array, offset: number): void {
    const slot = this.slot(handle);
    const end = offset + data.length;
    const physical = slot.handle.getSize() - HEADER;
    if (end > physical) {
      const grown = Math.max(end, physical + Math.max(GROWTH, physical >> 2));
      try {
        slot.handle.truncate(HEADER + Math.ceil(grown / GROWTH) * GROWTH);
      } catch {
        // Not enough quota for a whole step: the write below grows the file by what it needs.
      }
    }
    const written = slot.handle.write(data, { at: HEADER + offset });
    // Chromium reports an exhausted quota as a short (or negative) count rather than throwing.
    if (written !== data.length) {
      const message = `the origin's storage quota is exhausted (wrote ${written | 0} of ${data.length} bytes)`;
      throw new DOMException(message, 'QuotaExceededError');
    }
    if (end > slot.size) {
      slot.size = end;
      slot.dirty = true;
    }
  }

  truncate(handle: number, size: number): void {
    const slot = this.slot(handle);
    slot.handle.truncate(HEADER + size);
    slot.size = size;
    slot.dirty = true;
  }

  /** Writes the logical size into the header if it changed, then flushes the slot file. */
  sync(handle: number): void {
    const slot = this.slot(handle);
    if (slot.dirty) writeHeader(slot);
    slot.handle.flush();
  }

  size(handle: number): number {
    return this.slot(handle).size;
  }

  remove(name: string): void {
    const slot = this.slots.find((s) => s.name === name);
    if (!slot) return;
    slot.handle.truncate(0);
    slot.handle.flush();
    Object.assign(slot, { name: null, size: 0, dirty: false });
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

function readHeader(handle: SyncAccessHandle): { name: string | null; size: number } {
  const free = { name: null, size: 0 };
  if (handle.getSize() < HEADER) return free;
  const header = new Uint8Array(HEADER);
  handle.read(header, { at: 0 });
  const view = new DataView(header.buffer);
  const length = view.getUint32(4, true);
  if (view.getUint32(0, true) !== MAGIC || length === 0 || length > MAX_NAME) return free;
  return { name: new TextDecoder().decode(header.subarray(16, 16 + length)), size: view.getFloat64(8, true) };
}

// Written in place (never growing the file) and made durable by the flush that follows it.
function writeHeader(slot: Slot): void {
  const encoded = new TextEncoder().encode(slot.name!);
  if (encoded.length > MAX_NAME) throw new Error(`file name too long for the OPFS pool: ${slot.name}`);
  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, encoded.length, true);
  view.setFloat64(8, slot.size, true);
  header.set(encoded, 16);
  slot.handle.write(header, { at: 0 });
  slot.dirty = false;
}
