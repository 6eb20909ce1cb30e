// A client process for the crash test: queues `count` session creates in a replica on disk, then
// flushes them through `url` (a fault proxy holding the answers back) until the test kills it.
// Usage: tsx sync-crash-writer.ts <serverUrl> <proxyUrl> <email> <replicaDir> <count>
import PocketBase from 'pocketbase';

import { openReplica, Sync } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';
import { signIn } from './sync-harness.js';

const [url, proxyUrl, email, dir, count] = process.argv.slice(2) as [string, string, string, string, string];
const direct = await signIn(url, email);
const userId = direct.authStore.record!.id;
const pb = new PocketBase(proxyUrl); // the writes go through the proxy that swallows answers
pb.authStore.save(direct.authStore.token, direct.authStore.record);
const replica = await openReplica({ url, userId, schema: opensyncSchema, storage: new NodeFsStore(dir) });
for (let i = 0; i < Number(count); i++)
  await replica
    .collection('sessions')
    .create({ user: userId, externalId: `crash-${i}`, title: `crash ${i}` });
process.stdout.write('queued\n');
const sync = new Sync(replica, { pb, realtime: false, batchSize: Number(count), logger: 'silent' });
await sync.flush(); // only the outbox: pulls through the proxy would wait for answers too
process.stdout.write('flushed\n'); // not reached: the test kills the process while the answer is held
