// The README's typed query example, run by tests/js/examples.test.ts so it never goes stale.
import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES, type Collections } from '../js/opensync/index.js';

export async function typedQueries(): Promise<{ ids: string[]; filter: string; keys: string[] }> {
  const data = generateOpenSync({ ...SIZES.tiny, seed: 1 });
  const userId = String(data.users[0]!.id);
  const replica = await openReplica<Collections>({
    url: 'http://127.0.0.1:8090',
    userId,
    schema: opensyncSchema,
  });
  await replica.collection('users').upsert(JSON.stringify(data.users));
  await replica.collection('sessions').upsert(JSON.stringify(data.sessions));

  const q = replica
    .collection('sessions')
    .query()
    .where('totalTokens', '>', 1000) // where('totalTokens', '>', 'many') does not compile
    .or(
      (b) => b.where('source', '=', 'claude-code'),
      (b) => b.where('model', '~', 'claude'),
    )
    .sort('-updated')
    .expand('user')
    .fields('id', 'title', 'summary:excerpt(120,true)', 'expand.user.name');
  const page = await q.getList(1, 20); // ListResult<SessionsRecord>
  await replica.close();
  return {
    ids: page.items.map((s) => s.id),
    filter: q.toOptions().filter!,
    keys: Object.keys(page.items[0] ?? {}),
  };
}
