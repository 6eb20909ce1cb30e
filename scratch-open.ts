import { openReplica } from './js/index.js';
import { NodeFsStore } from './js/storage/node-fs.js';
import { notesCollection } from './tests/support/schema-fixtures.js';
import fs from 'node:fs';
fs.rmSync('/tmp/open-test', { recursive: true, force: true });
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await openReplica({ url: 'http://x', userId: 'u', storage: new NodeFsStore('/tmp/open-test'), schema: [notesCollection] });
  console.log('open', performance.now() - t);
  await r.collection('notes').create({ title: 'x' });
  await r.close();
}
