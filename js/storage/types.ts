/**
 * The synchronous file store the engine's SQLite VFS runs on (wasm/vfs/block_store.h).
 * Backends: memory, Node's fs, and (in the browser worker) OPFS sync access handles.
 * Every method is synchronous because SQLite's VFS is; a method throws to report failure, and a
 * `QuotaExceededError` (or `ENOSPC`) becomes SQLite's "database or disk is full".
 */
export interface BlockStore {
  /** Opens a file, creating it when `create`; returns a handle. Throws if missing and not `create`. */
  open(name: string, create: boolean): number;
  close(handle: number): void;
  /** Copies up to `target.length` bytes at `offset` into `target`; returns the count (short at end of file). */
  read(handle: number, target: Uint8Array, offset: number): number;
  write(handle: number, data: Uint8Array, offset: number): void;
  truncate(handle: number, size: number): void;
  /** Makes everything written to the file durable. */
  sync(handle: number): void;
  size(handle: number): number;
  remove(name: string): void;
  exists(name: string): boolean;
  /**
   * Makes this open the one owner of a database file until the returned release is called; throws
   * a `replica_locked` PocketliteError while another open (in this process or another) holds it.
   * Stores whose files cannot be shared (memory, OPFS handles) need none.
   */
  lock?(name: string): () => void;
  /** A short name for status displays: "memory", "node-fs", "opfs". */
  readonly kind: string;
  /** True when nothing survives the process (memory): the engine then keeps its journal in memory. */
  readonly volatile?: boolean;
}
