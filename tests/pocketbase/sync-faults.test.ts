// The sync under faults, against a real PocketBase: the server killed mid-flush, a loopback fault
// proxy (a separate process) that refuses, delays, truncates and swallows responses on a seeded
// schedule, injected 429/500 answers (the one thing the proxy fakes: a real server cannot be made
// to rate-limit on demand), a client killed between sending and recording, and a realtime gap.
// Each time: no acknowledged local write is lost or applied twice, the outbox drains, and the
// replica matches the server record for record.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import PocketBase from 'pocketbase';

import { openReplica, seededRandom, Sync, type Replica, type SyncErrorEvent } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';
import { startFaultProxy, type FaultProxy } from '../../scripts/lib/fault-proxy-client.js';
import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { expectConverged, PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

let server: PocketBaseServer;
let proxy: FaultProxy;
let users = 0;

beforeAll(async () => {
  server = await startPocketBase();
  proxy = await startFaultProxy(Number(new URL(server.url).port));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});
afterEach(() => proxy.setMode('pass'));

async function userThroughProxy(): Promise<{
  pb: PocketBase;
  direct: PocketBase;
  userId: string;
  email: string;
}> {
  const email = `fault${++users}@example.com`;
  const userId = await createUser(server, email, PASSWORD);
  const direct = await signIn(server.url, email);
  const pb = new PocketBase(proxy.url);
  pb.autoCancellation(false);
  pb.authStore.save(direct.authStore.token, direct.authStore.record);
  return { pb, direct, userId, email };
}

async function replicaFor(userId: string, dir?: string): Promise<Replica> {
  return openReplica({
    url: server.url,
    userId,
    schema: opensyncSchema,
    storage: dir ? new NodeFsStore(dir) : 'memory',
  });
}

/** Sessions on the server for this user whose externalId starts with `prefix`. */
async function serverSessions(direct: PocketBase, prefix: string): Promise<Array<Record<string, unknown>>> {
  return direct
    .collection('sessions')
    .getFullList({ filter: direct.filter('externalId ~ {:p}', { p: `${prefix}%` }) });
}

test('writes survive a proxy that refuses, delays, truncates and swallows responses (seeded)', async () => {
  const { pb, direct, userId } = await userThroughProxy();
  const replica = await replicaFor(userId);
  const random = seededRandom(20261122);
  const sync = new Sync(replica, {
    pb,
    realtime: false,
    batchSize: 5,
    requestTimeoutMs: 1500,
    random,
    logger: 'silent',
    retry: { baseMs: 20, maxMs: 200 },
  });
  await sync.start();
  const modes = ['refuse', 'delay:300', 'truncate:60', 'drop-response', 'pass'];
  const sessions = replica.collection('sessions');
  const ids: string[] = [];
  for (let round = 0; round < 12; round++) {
    await proxy.setMode(modes[Math.floor(random() * modes.length)]!);
    for (let k = 0; k < 4; k++) {
      const created = await sessions.create({
        user: userId,
        externalId: `chaos-${round}-${k}`,
        title: `v0 ${round}`,
      });
      ids.push(created.id);
    }
    if (ids.length > 4) await sessions.update(ids[ids.length - 5]!, { title: `edited ${round}` });
    await Promise.race([sync.flush(), new Promise((resolve) => setTimeout(resolve, 150))]);
  }
  await proxy.setMode('pass');
  await waitFor(
    'the outbox to drain',
    async () => {
      await sync.flush();
      return (await replica.outbox()).length === 0;
    },
    30_000,
  );
  const remote = await serverSessions(direct, 'chaos-');
  expect(remote.map((r) => r.id).sort()).toEqual([...ids].sort()); // each exactly once
  await sync.syncNow();
  await expectConverged(replica, direct, ['sessions']);
  expect(sync.metrics.outboxRetried).toBeGreaterThan(0);
  await sync.stop();
  await replica.close();
});

test('429 and 500 answers are retried, honouring Retry-After', async () => {
  const { pb, direct, userId } = await userThroughProxy();
  const replica = await replicaFor(userId);
  const sync = new Sync(replica, {
    pb,
    realtime: false,
    logger: 'silent',
    retry: { baseMs: 20, maxMs: 100 },
    random: seededRandom(1),
  });
  await sync.start();
  const before = (await proxy.setMode('status:429:2:1')).injected;
  const started = Date.now();
  await replica.collection('sessions').create({ user: userId, externalId: 'limited', title: 'limited' });
  await waitFor('the write through 429s', async () => (await serverSessions(direct, 'limited')).length === 1);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1900); // two Retry-After: 1 waits
  await proxy.setMode('status:500:3');
  await replica.collection('sessions').create({ user: userId, externalId: 'failing', title: 'failing' });
  await waitFor('the write through 500s', async () => (await serverSessions(direct, 'failing')).length === 1);
  await waitFor('the outbox to drain', async () => (await replica.outbox()).length === 0);
  // Every injected answer was met (by a send or a pull), and the sends among them were retried.
  expect((await proxy.setMode('pass')).injected - before).toBe(5);
  expect(sync.metrics.outboxRetried).toBeGreaterThanOrEqual(1);
  await expectConverged(replica, direct, ['sessions']);
  await sync.stop();
  await replica.close();
});

test('the server killed mid-flush and restarted loses nothing and applies nothing twice', async () => {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-killed-'));
  let own = await startPocketBase({ port, dataDir });
  try {
    const email = 'killed@example.com';
    const userId = await createUser(own, email, PASSWORD);
    const pb = await signIn(own.url, email);
    const replica = await replicaFor(userId);
    const sync = new Sync(replica, {
      pb,
      realtime: false,
      batchSize: 10,
      logger: 'silent',
      retry: { baseMs: 50, maxMs: 300 },
      random: seededRandom(7),
    });
    await sync.start();
    await sync.stop(); // queue offline, then flush with the server dying under it
    for (let i = 0; i < 150; i++)
      await replica.collection('sessions').create({ user: userId, externalId: `k-${i}`, title: `k ${i}` });
    const resumed = new Sync(replica, {
      pb,
      realtime: false,
      batchSize: 10,
      logger: 'silent',
      retry: { baseMs: 50, maxMs: 300 },
      random: seededRandom(8),
    });
    void resumed.start();
    await waitFor('some batches to land', () => resumed.metrics.outboxSent >= 30);
    await own.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    own = await startPocketBase({ port, dataDir });
    await waitFor('the outbox to drain', async () => (await replica.outbox()).length === 0, 30_000);
    const remote = await pb.collection('sessions').getFullList({ filter: 'externalId ~ "k-%"' });
    expect(remote).toHaveLength(150);
    await resumed.syncNow();
    await expectConverged(replica, pb, ['sessions']);
    await resumed.stop();
    await replica.close();
  } finally {
    await own.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a client killed between sending a batch and recording success resends safely', async () => {
  const { direct, userId, email } = await userThroughProxy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-crash-'));
  await proxy.setMode('drop-response'); // the server applies the batch; the answer never arrives
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve('tests/support/sync-crash-writer.ts'),
      server.url,
      proxy.url,
      email,
      dir,
      '20',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  await new Promise<void>((resolve) => lines.on('line', (line) => line === 'queued' && resolve()));
  await waitFor(
    'the batch to land on the server',
    async () => (await serverSessions(direct, 'crash-')).length === 20,
    20_000,
  );
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  await proxy.setMode('pass');

  const replica = await replicaFor(userId, dir);
  expect((await replica.outbox()).map((e) => e.state)).toEqual(Array(20).fill('pending'));
  const sync = new Sync(replica, { pb: direct, realtime: false, logger: 'silent' });
  await sync.start();
  expect(await replica.outbox()).toEqual([]);
  expect(sync.metrics.outboxFailed).toBe(0);
  expect(await serverSessions(direct, 'crash-')).toHaveLength(20);
  await expectConverged(replica, direct, ['sessions']);
  await sync.stop();
  await replica.close();
});

test('a malformed page from the server is a clear error event, and the next pass recovers', async () => {
  const { pb, direct, userId } = await userThroughProxy();
  const replica = await replicaFor(userId);
  const sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
  const errors: SyncErrorEvent[] = [];
  sync.onError((e) => errors.push(e));
  await sync.start(); // the initial pass is done: the next one pulls pages without counting first
  await direct.collection('sessions').create({ user: userId, externalId: 'garbled', title: 'garbled' });
  await proxy.setMode('garble');
  await sync.syncNow();
  const malformed = errors.filter((e) => e.kind === 'pull' && /at byte \d+/.test(e.message));
  expect(malformed.length).toBeGreaterThan(0);
  expect(malformed[0]!.collection).toBeDefined();
  await proxy.setMode('pass');
  await sync.syncNow();
  await expectConverged(replica, direct, ['users', 'sessions']);
  await sync.stop();
  await replica.close();
});

test('malformed answers to the initial sync counts are error events naming the collection, never swallowed', async () => {
  const { pb, direct, userId } = await userThroughProxy();
  await direct.collection('sessions').create({ user: userId, externalId: 'counted', title: 'counted' });
  const replica = await replicaFor(userId);
  const sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
  const errors: SyncErrorEvent[] = [];
  sync.onError((e) => errors.push(e));
  await proxy.setMode('garble'); // each new connection's first answer: the parallel counts get them
  await sync.start();
  const malformed = errors.filter((e) => e.kind === 'pull' && /malformed JSON/.test(e.message));
  expect(malformed.length).toBeGreaterThan(0);
  expect(malformed.every((e) => e.collection !== undefined)).toBe(true);
  await proxy.setMode('pass');
  await sync.syncNow();
  await expectConverged(replica, direct, ['users', 'sessions']);
  await sync.stop();
  await replica.close();
});

test('a write made while the realtime stream was down is found by the catch-up', async () => {
  const { pb, direct, userId } = await userThroughProxy();
  const replica = await replicaFor(userId);
  const sync = new Sync(replica, { pb, logger: 'silent' });
  await sync.start();
  await waitFor('live', () => sync.status === 'live');
  await proxy.setMode('refuse'); // the stream drops and cannot come back
  await waitFor('the disconnect', () => sync.status === 'offline');
  const missed = await direct
    .collection('sessions')
    .create({ user: userId, externalId: 'gap', title: 'in the gap' });
  await proxy.setMode('pass');
  await waitFor(
    'the catch-up',
    async () => (await replica.collection('sessions').count('externalId = "gap"')) === 1,
    15_000,
  );
  expect((await replica.collection('sessions').getOne(missed.id)).title).toBe('in the gap');
  await sync.stop();
  await replica.close();
});
