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

test('acknowledged transactions survive SIGKILL and none is partial', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-durability-'));
  const random = new Random(42);
  let next = 0;
  let hotJournals = 0;
  // Six rounds at least, and more (up to 40) until one kill has landed inside a transaction: where
  // a kill lands depends on the machine's load.
  for (let round = 0; round < 6 || (hotJournals === 0 && round < 40); round++) {
    const acked = await runAndKill(dir, next, random.int(5, 60), random.next() * 12);
    const journal = fs.readdirSync(dir).find((f) => f.endsWith('-journal'));
    if (journal && fs.statSync(path.join(dir, journal)).size > 0) hotJournals++;
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
  // The kills landed inside transactions (a hot journal was rolled back), not only between them.
  expect(hotJournals).toBeGreaterThan(0);
  fs.rmSync(dir, { recursive: true, force: true });
});
