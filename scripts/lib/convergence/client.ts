// One client of the convergence checker, in a process of its own so the driver can SIGKILL it:
// a replica on disk (NodeFsStore) synced through the fault proxy, driven by JSON lines on stdin
// (see ./protocol.ts) and answering on stdout. Usage: tsx client.ts
import readline from 'node:readline';

import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import { openReplica, Sync, type Replica, type SyncErrorEvent } from '../../../js/index.js';
import { opensyncSchema } from '../../../js/opensync/index.js';
import { NodeFsStore } from '../../../js/storage/node-fs.js';
import { COLLECTION, type Command, type Drained, type Reply } from './protocol.js';

// The SDK's realtime service needs EventSource, which Node 20 lacks.
(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;

let replica: Replica;
let sync: Sync;
let pb: PocketBase;
const errors: SyncErrorEvent[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(command: Extract<Command, { cmd: 'open' }>): Promise<void> {
  pb = new PocketBase(command.url);
  pb.authStore.save(command.token, command.record as never);
  const userId = String(command.record.id);
  replica = await openReplica({
    url: command.url,
    userId,
    schema: opensyncSchema,
    storage: new NodeFsStore(command.dir),
  });
  sync = new Sync(replica, { pb, logger: 'silent', requestTimeoutMs: 4000 });
  sync.onError((event) => errors.push(event));
  void sync.start(); // writes are taken while the first pass runs
}

// Syncs until the outbox holds only failed entries and a whole pass went through, or time is up.
async function drain(timeoutMs: number): Promise<Drained> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pass = sync.syncNow();
    const hung = await Promise.race([
      pass.then(() => false),
      sleep(Math.max(0, deadline - Date.now())).then(() => true),
    ]);
    if (hung) throw new Error(`a sync pass did not end within ${timeoutMs} ms (status ${sync.status})`);
    const entries = await replica.outbox();
    const pending = entries.filter((e) => e.state !== 'failed').length;
    const settled = pending === 0 && sync.status !== 'paused' && sync.status !== 'offline';
    if (settled || Date.now() > deadline) {
      const failed = entries.filter((e) => e.state === 'failed');
      return { pending, failed, status: sync.status, errors: errors.splice(0) };
    }
    await sleep(200);
  }
}

async function run(command: Command): Promise<unknown> {
  const records = () => replica.collection(COLLECTION);
  switch (command.cmd) {
    case 'open':
      return open(command);
    case 'create':
      return void (await records().create({ id: command.id, user: replica.userId, ...command.fields }));
    case 'update':
      return void (await records().update(command.id, command.fields));
    case 'delete':
      return records().delete(command.id);
    case 'auth':
      return pb.authStore.save(command.token, command.record as never);
    case 'reconcile':
      return sync.reconcile();
    case 'failed':
      return replica.outbox('failed');
    case 'retry':
      return replica.retryFailed(command.seq);
    case 'drain':
      return drain(command.timeoutMs);
    case 'dump':
      return records().getFullList({ sort: 'id' });
  }
}

const send = (reply: Reply) => process.stdout.write(`${JSON.stringify(reply)}\n`);
for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  run(command).then(
    (result) => send({ n: command.n, ok: true, result }),
    (error: unknown) => send({ n: command.n, ok: false, error: String((error as Error)?.message ?? error) }),
  );
}
// stdin closed: the driver is done with this client.
async function close(): Promise<void> {
  await sync.stop();
  await replica.close();
}
await close().finally(() => process.exit(0));
