// The README's quick start, run by tests/js/examples.test.ts so it never goes stale.
import { openReplica, isPocketliteError } from '../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../js/opensync/index.js';
import { NodeFsStore } from '../js/storage/node-fs.js';

export async function quickstart(
  directory: string,
): Promise<{ sessions: number; newest: string; missing: number }> {
  // One database per (server, user); the schema is PocketBase's own collection JSON.
  const replica = await openReplica({
    url: 'http://127.0.0.1:8090',
    userId: 'user00000000001',
    storage: new NodeFsStore(directory), // in a browser worker: memory now, OPFS later
    schema: opensyncSchema,
  });

  // Records go in exactly as the REST API returns them: one, an array, or the raw JSON text.
  const data = generateOpenSync({ ...SIZES.tiny, seed: 1 });
  const { applied, failed } = await replica.collection('sessions').upsert(data.sessions);
  if (failed.length) console.warn(`${failed.length} records did not fit:`, failed[0]!.error.data);

  // Reads are shaped like the PocketBase JS SDK's RecordService.
  const sessions = replica.collection('sessions');
  const newest = (await sessions.getFullList({ sort: '-updated' }))[0]!;
  const one = await sessions.getOne(newest.id);

  // Errors carry PocketBase's {status, message, data} and a stable code.
  let missing = 0;
  try {
    await sessions.getOne('doesnotexist000');
  } catch (error) {
    if (isPocketliteError(error) && error.status === 404) missing = 404;
  }

  await replica.close();
  return { sessions: applied, newest: String(one.title), missing };
}
