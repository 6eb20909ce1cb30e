// A writer process is killed with SIGKILL in the middle of a stream of write transactions; after
// reopening, every acknowledged transaction is there in full and no transaction is partial.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openReplica } from '../../js/index.js';
import { Random } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';

const RECORDS_PER_TRANSACTION = 20;
const writer = path.resolve('tests/js/fixtures/crash-writer.ts');

/** Runs the writer from transaction `first` until `acks` acknowledgements arrive, then SIGKILLs it
 * after `delayMs`, so the kill lands at an arbitrary point of the next transaction. */
function runAndKill(dir: string, first: number, acks: number, delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(first)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let buffered = '';
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acked.push(Number(line.slice(4)));
      if (acked.length >= acks) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited before it was killed: ${errors}`));
    });
  });
}

/**
 * Appends half a frame after the log's last frame: the next transaction's first write, cut off by
 * the crash. Recovery must ignore it (its checksum cannot match).
 */
function tearTheLog(file: string): void {
  const wal = fs.readFileSync(file);
  const frameSize = 24 + wal.readUInt32BE(8);
  const torn = Buffer.alloc(Math.floor(frameSize / 2), 0x5a);
  fs.writeFileSync(
    file,
    Buffer.concat([wal.subarray(0, 32 + Math.floor((wal.length - 32) / frameSize) * frameSize), torn]),
  );
}

test('acknowledged transactions survive SIGKILL and none is partial', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-durability-'));
  const random = new Random(42);
  let next = 0;
  let replays = 0;
  for (let round = 0; round < 6; round++) {
    const acked = await runAndKill(dir, next, random.int(5, 60), random.next() * 12);
    // Committed transactions live in the write-ahead log until a checkpoint: reopening replays it.
    const wal = fs.readdirSync(dir).find((f) => f.endsWith('-wal'));
    if (wal && fs.statSync(path.join(dir, wal)).size > 32) replays++;
    if (wal && round % 2 === 1) tearTheLog(path.join(dir, wal));
    const replica = await openReplica({
      url: 'http://durability.test',
      userId: 'writer',
      storage: new NodeFsStore(dir),
    });
    const records = await replica.collection('notes').getFullList();
    const perTransaction = new Map<number, number>();
    for (const r of records) perTransaction.set(r.n as number, (perTransaction.get(r.n as number) ?? 0) + 1);
    for (const [txn, count] of perTransaction) expect([txn, count]).toEqual([txn, RECORDS_PER_TRANSACTION]);
    for (const txn of acked) expect(perTransaction.has(txn)).toBe(true);
    const newest = Math.max(...perTransaction.keys());
    // At most the one transaction that committed while its "ack" was still unwritten goes beyond.
    expect(newest).toBeLessThanOrEqual(acked[acked.length - 1]! + 1);
    expect(perTransaction.size).toBe(newest + 1);
    await replica.close();
    next = newest + 1;
  }
  // Recovery had committed frames to replay (and torn frames to ignore), not only clean files.
  expect(replays).toBeGreaterThan(2);
  fs.rmSync(dir, { recursive: true, force: true });
});
