import fs from 'node:fs';
import path from 'node:path';

import { acquireLockFile } from './lock-file.js';
import type { BlockStore } from './types.js';

/**
 * Files in a directory through Node's synchronous fs calls. Every write reaches the OS before it
 * returns, so a killed process loses nothing SQLite acknowledged; `sync` is fsync, so a commit
 * also survives a power cut.
 */
export class NodeFsStore implements BlockStore {
  readonly kind = 'node-fs';
  private readonly fds = new Map<number, number>();
  private nextHandle = 1;

  /** @param directory created if missing */
  constructor(readonly directory: string) {
    fs.mkdirSync(directory, { recursive: true });
  }

  open(name: string, create: boolean): number {
    const file = this.resolve(name);
    const fd = fs.openSync(file, fs.existsSync(file) || !create ? 'r+' : 'w+');
    this.fds.set(this.nextHandle, fd);
    return this.nextHandle++;
  }

  /** One owner per database file across processes: an exclusive lock file beside it. */
  lock(name: string): () => void {
    return acquireLockFile(this.resolve(`${name}.lock`), name);
  }

  close(handle: number): void {
    fs.closeSync(this.fd(handle));
    this.fds.delete(handle);
  }

  read(handle: number, target: Uint8Array, offset: number): number {
    let done = 0;
    while (done < target.length) {
      const n = fs.readSync(this.fd(handle), target, done, target.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  write(handle: number, data: Uint8Array, offset: number): void {
    let done = 0;
    while (done < data.length)
      done += fs.writeSync(this.fd(handle), data, done, data.length - done, offset + done);
  }

  truncate(handle: number, size: number): void {
    fs.ftruncateSync(this.fd(handle), size);
  }

  sync(handle: number): void {
    fs.fsyncSync(this.fd(handle));
  }

  size(handle: number): number {
    return fs.fstatSync(this.fd(handle)).size;
  }

  remove(name: string): void {
    fs.rmSync(this.resolve(name), { force: true });
  }

  exists(name: string): boolean {
    return fs.existsSync(this.resolve(name));
  }

  // Replica names are generated (replicaFileName), but never let one escape the directory.
  private resolve(name: string): string {
    const file = path.resolve(this.directory, name);
    if (path.dirname(file) !== path.resolve(this.directory)) throw new Error(`invalid file name: ${name}`);
    return file;
  }

  private fd(handle: number): number {
    const fd = this.fds.get(handle);
    if (fd === undefined) throw new Error(`bad file handle ${handle}`);
    return fd;
  }
}
