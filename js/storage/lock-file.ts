import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

import { PocketliteError } from '../engine/errors.js';

/** Who holds a lock file: written into it when taken. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: number;
}

/** Lock files this process holds, by path: a second open in the same process is refused too. */
const held = new Set<string>();

/** A guard file older than this was left by a process that died while taking a stale lock over. */
const STALE_GUARD_MS = 10_000;

/**
 * Takes `file` as an exclusive lock file (`O_CREAT | O_EXCL`), shared by every process on the
 * machine. A lock whose owner process is gone (killed, crashed) is stale and taken over; the
 * take-over itself is guarded by a second exclusive file so two openers cannot both win it.
 * Returns the release, which removes the file only while it is still ours.
 */
export function acquireLockFile(file: string, what: string): () => void {
  if (held.has(file)) throw locked(what, `it is already open in this process (${process.pid})`);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), token: randomUUID(), since: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readOwner(file);
    if (holder && ownerAlive(holder)) throw locked(what, `process ${holder.pid} has it open`);
    if (attempt >= 3) throw locked(what, 'another process is taking its stale lock over');
    takeOverStale(file, holder);
  }
  held.add(file);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(file);
    if (readOwner(file)?.token === owner.token) fs.rmSync(file, { force: true });
  };
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.token === 'string' ? owner : null;
  } catch {
    return null; // gone, or cut short by a crash while being written: stale either way
  }
}

// A process on another host cannot be checked: its lock counts as alive. A lock of this process
// that `held` does not list was left by an open that never released it (the caller checked).
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Removes a stale lock file, unless someone else replaced it meanwhile.
function takeOverStale(file: string, stale: LockOwner | null): void {
  const guard = `${file}.takeover`;
  try {
    fs.writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch {
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_GUARD_MS) fs.rmSync(guard, { force: true });
    return;
  }
  try {
    if (readOwner(file)?.token === stale?.token) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

function locked(what: string, why: string): PocketliteError {
  return new PocketliteError({
    status: 409,
    code: 'replica_locked',
    message: `the replica ${what} cannot be opened: ${why}. A replica has one owner at a time; close the other first.`,
    data: { file: what },
  });
}
