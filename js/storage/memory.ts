import type { BlockStore } from './types.js';

/** A growable byte buffer: capacity doubles so appends stay amortised O(1). */
class MemoryFile {
  bytes = new Uint8Array(0);
  length = 0;

  ensure(size: number): void {
    if (size <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(size, this.bytes.length * 2, 4096));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** Files in memory: fast, and gone when the page or process ends. */
export class MemoryStore implements BlockStore {
  readonly kind = 'memory';
  readonly volatile = true;
  private readonly files = new Map<string, MemoryFile>();
  private readonly handles = new Map<number, MemoryFile>();
  private nextHandle = 1;

  open(name: string, create: boolean): number {
    let file = this.files.get(name);
    if (!file) {
      if (!create) throw new Error(`no such file: ${name}`);
      file = new MemoryFile();
      this.files.set(name, file);
    }
    this.handles.set(this.nextHandle, file);
    return this.nextHandle++;
  }

  close(handle: number): void {
    this.handles.delete(handle);
  }

  read(handle: number, target: Uint8Array, offset: number): number {
    const file = this.file(handle);
    const count = Math.max(0, Math.min(target.length, file.length - offset));
    target.set(file.bytes.subarray(offset, offset + count));
    return count;
  }

  write(handle: number, data: Uint8Array, offset: number): void {
    const file = this.file(handle);
    file.ensure(offset + data.length);
    file.bytes.set(data, offset);
    file.length = Math.max(file.length, offset + data.length);
  }

  truncate(handle: number, size: number): void {
    const file = this.file(handle);
    file.ensure(size);
    if (size < file.length) file.bytes.fill(0, size, file.length);
    file.length = size;
  }

  sync(): void {}

  size(handle: number): number {
    return this.file(handle).length;
  }

  remove(name: string): void {
    this.files.delete(name);
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  private file(handle: number): MemoryFile {
    const file = this.handles.get(handle);
    if (!file) throw new Error(`bad file handle ${handle}`);
    return file;
  }
}
