// A process that opens a replica on disk, writes one record, says "open" and keeps the replica
// open until it is killed: the other owner in the replica lock tests.
// Usage: tsx hold-replica.ts <replicaDir> <externalId>
import { openReplica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';

const [dir, externalId] = process.argv.slice(2) as [string, string];
const userId = 'lockuser0000001';
const replica = await openReplica({
  url: 'http://lock.test',
  userId,
  schema: opensyncSchema,
  storage: new NodeFsStore(dir),
});
await replica.collection('sessions').create({ user: userId, externalId, title: 'held' });
process.stdout.write('open\n');
setInterval(() => {}, 1 << 30); // stays open until killed
