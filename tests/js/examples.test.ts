import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { quickstart } from '../../examples/quickstart.js';
import { generateOpenSync, SIZES } from '../../js/opensync/index.js';

test('the README quick start runs and does what it says', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-quickstart-'));
  const result = await quickstart(dir);
  const data = generateOpenSync({ ...SIZES.tiny, seed: 1 });
  const newest = [...data.sessions].sort((a, b) => String(b.updated).localeCompare(String(a.updated)))[0]!;
  expect(result).toEqual({ sessions: data.sessions.length, newest: newest.title, missing: 404 });
  fs.rmSync(dir, { recursive: true, force: true });
});
