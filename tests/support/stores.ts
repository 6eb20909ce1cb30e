import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MemoryStore, type BlockStore } from '../../js/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';

/** The storage backends every replica test runs against (a suite is a function over a factory). */
export const storeFactories: Array<[string, () => BlockStore]> = [
  ['memory', () => new MemoryStore()],
  ['node-fs', () => new NodeFsStore(fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-test-')))],
];
