// A replica on disk has one owner at a time, in one process and across processes: a second open
// is refused with replica_locked (it used to succeed and lose acknowledged writes, or corrupt the
// file), and the lock of a process that died is taken over.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { openReplica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';

const userId = 'lockuser0000001'; // the user tests/support/hold-replica.ts opens
const open = (dir: string) =>
  openReplica({ url: 'http://lock.test', userId, schema: opensyncSchema, storage: new NodeFsStore(dir) });

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-lock-'));
}

test('a second open in the same process is refused until the first closes', async () => {
  const dir = tempDir();
  const first = await open(dir);
  await first.collection('sessions').create({ user: userId, externalId: 'one', title: 'one' });
  await expect(open(dir)).rejects.toMatchObject({
    name: 'PocketliteError',
    code: 'replica_locked',
    status: 409,
  });
  expect(await first.collection('sessions').count()).toBe(1); // the first owner is untouched
  await first.close();
  const second = await open(dir);
  expect(await second.collection('sessions').count()).toBe(1);
  await second.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('another process holding the replica refuses this open; once it is killed, the lock is taken over', async () => {
  const dir = tempDir();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('tests/support/hold-replica.ts'), dir, 'from-child'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  await new Promise<void>((resolve) => lines.on('line', (line) => line === 'open' && resolve()));
  const refused = open(dir);
  await expect(refused).rejects.toMatchObject({ code: 'replica_locked' });
  await expect(refused).rejects.toThrow(`process ${child.pid} has it open`);

  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const replica = await open(dir); // the dead owner's lock is stale
  expect((await replica.collection('sessions').getFullList()).map((s) => s.externalId)).toEqual([
    'from-child',
  ]);
  await replica.collection('sessions').create({ user: userId, externalId: 'after', title: 'after' });
  await replica.close();
  expect(fs.readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual([]); // released
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a failed open releases the lock it took', async () => {
  const dir = tempDir();
  await expect(
    openReplica({
      url: 'http://lock.test',
      userId,
      storage: new NodeFsStore(dir),
      wasm: new Uint8Array([0, 1, 2]),
    }),
  ).rejects.toThrow();
  const replica = await open(dir);
  await replica.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
