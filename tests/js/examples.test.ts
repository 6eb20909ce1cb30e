import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { quickstart } from '../../examples/quickstart.js';
import { typedQueries } from '../../examples/typed-queries.js';
import { generateOpenSync, SIZES } from '../../js/opensync/index.js';

test('the README quick start runs and does what it says', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-quickstart-'));
  const result = await quickstart(dir);
  const data = generateOpenSync({ ...SIZES.tiny, seed: 1 });
  const newest = [...data.sessions].sort((a, b) => String(b.updated).localeCompare(String(a.updated)))[0]!;
  expect(result).toEqual({ sessions: data.sessions.length, newest: newest.title, missing: 404 });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the README typed query example runs and returns what its filter says', async () => {
  const result = await typedQueries();
  const data = generateOpenSync({ ...SIZES.tiny, seed: 1 });
  const expected = data.sessions
    .filter(
      (s) =>
        Number(s.totalTokens) > 1000 &&
        (s.source === 'claude-code' || String(s.model).toLowerCase().includes('claude')),
    )
    .sort(
      (a, b) =>
        String(b.updated).localeCompare(String(a.updated)) || String(a.id).localeCompare(String(b.id)),
    )
    .slice(0, 20)
    .map((s) => s.id);
  expect(expected.length).toBeGreaterThan(0);
  expect(result.ids).toEqual(expected);
  expect(result.filter).toBe('(totalTokens > 1000) && ((source = "claude-code") || (model ~ "claude"))');
  expect(result.keys.sort()).toEqual(['expand', 'id', 'summary', 'title']);
});
