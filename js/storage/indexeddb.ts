import type { BlockStore } from './types.js';

/** Files are kept as fixed-size chunks: a commit rewrites only the chunks it touched. */
const CHUNK = 32 * 1024;
const CHUNKS = 'chunks';
const FILES = 'files';

class ChunkedFile {
  chunks: Array<Uint8Array | undefined> = [];
  size = 0;
  dirty = new Set<number>();
  /** Size after the last persisted sync: a shrink deletes the chunks past the new end. */
  persistedSize = 0;

  chunk(index: number): Uint8Array {
    return (this.chunks[index] ??= new Uint8Array(CHUNK));
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * The fallback store where OPFS is missing: files live in memory and every `sync` queues one
 * IndexedDB transaction with the chunks written since the file's last sync. IndexedDB runs a
 * connection's transactions in order, so what reaches disk is always the state at some sync point
 * (SQLite's journal then makes it a committed state). Unlike OPFS, a commit is durable a few
 * milliseconds after it returns, not when it returns: `flushed()` waits for it.
 */
export class IndexedDbStore implements BlockStore {
  readonly kind = 'indexeddb';
  private readonly files = new Map<string, ChunkedFile>();
  private readonly handles = new Map<number, ChunkedFile>();
  private readonly names = new Map<ChunkedFile, string>();
  private nextHandle = 1;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (creating) the IndexedDB database `name` and loads its files into memory. */
  static async create(name: string): Promise<IndexedDbStore> {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore(FILES);
      open.result.createObjectStore(CHUNKS);
    };
    const store = new IndexedDbStore(await request(open));
    await store.load();
    return store;
  }

  /** Deletes the IndexedDB database `name` (close its store first). */
  static async destroy(name: string): Promise<void> {
    await request(indexedDB.deleteDatabase(name));
  }

  open(name: string, create: boolean): number {
    let file = this.files.get(name);
    if (!file) {
      if (!create) throw new Error(`no such file: ${name}`);
      file = new ChunkedFile();
      this.files.set(name, file);
      this.names.set(file, name);
    }
    this.handles.set(this.nextHandle, file);
    return this.nextHandle++;
  }

  close(handle: number): void {
    this.handles.delete(handle);
  }

  read(handle: number, target: Uint8Array, offset: number): number {
    const file = this.file(handle);
    const count = Math.max(0, Math.min(target.length, file.size - offset));
    for (let done = 0; done < count;) {
      const at = offset + done;
      const index = Math.floor(at / CHUNK);
      const start = at - index * CHUNK;
      const n = Math.min(CHUNK - start, count - done);
      const chunk = file.chunks[index];
      if (chunk) target.set(chunk.subarray(start, start + n), done);
      else target.fill(0, done, done + n);
      done += n;
    }
    return count;
  }

  write(handle: number, data: Uint8Array, offset: number): void {
    const file = this.file(handle);
    for (let done = 0; done < data.length;) {
      const at = offset + done;
      const index = Math.floor(at / CHUNK);
      const start = at - index * CHUNK;
      const n = Math.min(CHUNK - start, data.length - done);
      file.chunk(index).set(data.subarray(done, done + n), start);
      file.dirty.add(index);
      done += n;
    }
    file.size = Math.max(file.size, offset + data.length);
  }

  truncate(handle: number, size: number): void {
    const file = this.file(handle);
    const keep = Math.ceil(size / CHUNK);
    file.chunks.length = Math.min(file.chunks.length, keep);
    for (const index of file.dirty) if (index >= keep) file.dirty.delete(index);
    const last = file.chunks[keep - 1];
    if (last && size % CHUNK) {
      last.fill(0, size % CHUNK);
      file.dirty.add(keep - 1);
    }
    file.size = size;
  }

  /** Queues the file's changes since its last sync; reports a failure of an earlier one. */
  sync(handle: number): void {
    this.throwFailure();
    this.persist(this.file(handle));
  }

  size(handle: number): number {
    return this.file(handle).size;
  }

  remove(name: string): void {
    const file = this.files.get(name);
    if (!file) return;
    this.files.delete(name);
    this.names.delete(file);
    this.enqueue((tx) => {
      tx.objectStore(FILES).delete(name);
      tx.objectStore(CHUNKS).delete(IDBKeyRange.bound([name, 0], [name, Infinity]));
    });
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  /** Resolves when every queued sync reached IndexedDB; rejects with the first failure. */
  async flushed(): Promise<void> {
    await this.queue;
    this.throwFailure();
  }

  /** Waits for queued syncs, then closes the IndexedDB connection. */
  async release(): Promise<void> {
    await this.queue;
    this.db.close();
  }

  private persist(file: ChunkedFile): void {
    const name = this.names.get(file)!;
    const chunks = [...file.dirty].map((index) => [index, file.chunk(index).slice()] as const);
    const { size, persistedSize } = file;
    file.dirty.clear();
    file.persistedSize = size;
    this.enqueue((tx) => {
      tx.objectStore(FILES).put(size, name);
      for (const [index, bytes] of chunks) tx.objectStore(CHUNKS).put(bytes, [name, index]);
      if (size < persistedSize) {
        const from = Math.ceil(size / CHUNK);
        tx.objectStore(CHUNKS).delete(IDBKeyRange.bound([name, from], [name, Infinity]));
      }
    });
  }

  private enqueue(fill: (tx: IDBTransaction) => void): void {
    const tx = this.db.transaction([FILES, CHUNKS], 'readwrite', { durability: 'strict' });
    fill(tx);
    // Listen now: the transaction may complete before the ones queued ahead of it are awaited.
    const finished = done(tx).catch((error) => void (this.failure ??= error));
    this.queue = this.queue.then(() => finished);
  }

  private async load(): Promise<void> {
    const tx = this.db.transaction([FILES, CHUNKS], 'readonly');
    const names = (await request(tx.objectStore(FILES).getAllKeys())) as string[];
    for (const name of names) {
      const file = new ChunkedFile();
      file.size = file.persistedSize = (await request(tx.objectStore(FILES).get(name))) as number;
      const range = IDBKeyRange.bound([name, 0], [name, Infinity]);
      const keys = (await request(tx.objectStore(CHUNKS).getAllKeys(range))) as Array<[string, number]>;
      const values = (await request(tx.objectStore(CHUNKS).getAll(range))) as Uint8Array[];
      keys.forEach(([, index], i) => (file.chunks[index] = values[i]));
      this.files.set(name, file);
      this.names.set(file, name);
    }
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure;
  }

  private file(handle: number): ChunkedFile {
    const file = this.handles.get(handle);
    if (!file) throw new Error(`bad file handle ${handle}`);
    return file;
  }
}
