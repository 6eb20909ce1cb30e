// The README's query examples run on the demo's data (the generator's demo size and seed) and
// find something: an example that matches nothing teaches nothing. The README must quote them as
// they are here.
import fs from 'node:fs';

import { filter, openReplica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../../js/opensync/index.js';

// Compared with spaces collapsed: the formatter may wrap the README's lines.
const squash = (text: string) => text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/,? \}/g, ' }');
const readme = squash(fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
const quoted = (code: string) => expect(readme).toContain(squash(code));

test('the Queries section examples find records in the demo data', async () => {
  const data = generateOpenSync({ ...SIZES.demo, seed: 2026, now: Date.now() });
  const userId = data.users[0]!.id;
  const replica = await openReplica({ url: 'http://readme.test', userId, schema: opensyncSchema });
  const mine = data.sessions.filter((s) => s.user === userId);
  const ids = new Set<unknown>(mine.map((s) => s.id));
  await replica.collection('users').upsert(JSON.stringify(data.users.filter((u) => u.id === userId)));
  await replica.collection('sessions').upsert(JSON.stringify(mine));
  await replica
    .collection('messages')
    .upsert(JSON.stringify(data.messages.filter((m) => ids.has(m.session))));

  quoted(
    `filter('source = {:source} && totalTokens > {:min} && title ~ {:q}', { source: 'claude-code', min: 1000, q: 'auth' })`,
  );
  const sessions = await replica.collection('sessions').getList(1, 50, {
    filter: filter('source = {:source} && totalTokens > {:min} && title ~ {:q}', {
      source: 'claude-code',
      min: 1000,
      q: 'auth',
    }),
    sort: '-updated',
  });
  expect(sessions.totalItems).toBeGreaterThan(0);

  quoted(
    `filter('session.user = {:me} && role = "assistant" && textContent ~ {:q}', { me: userId, q: 'test' })`,
  );
  const messages = await replica.collection('messages').getList(1, 50, {
    filter: filter('session.user = {:me} && role = "assistant" && textContent ~ {:q}', {
      me: userId,
      q: 'test',
    }),
  });
  expect(messages.totalItems).toBeGreaterThan(0);
  await replica.close();
}, 60_000);
