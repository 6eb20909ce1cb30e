// Records read from a real PocketBase (loaded by the harness through its API) are stored in the
// replica and read back identical, field by field, for every OpenSync collection.
import PocketBase from 'pocketbase';

import { openReplica, type Replica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema, opensyncVectors, SIZES } from '../../js/opensync/index.js';
import { OPENSYNC_COLLECTIONS } from '../../scripts/lib/opensync-schema.js';
import { loadDataset, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

const password = 'password-1234';
const data = generateOpenSync({ ...SIZES.tiny, embeddings: true, seed: 7 });
let server: PocketBaseServer;

beforeAll(async () => {
  server = await startPocketBase();
  await loadDataset(server, data, { password });
});
afterAll(() => server?.stop());

async function signIn(index: number): Promise<PocketBase> {
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[index]!.email as string, password);
  return pb;
}

async function fillReplica(pb: PocketBase, vectors = false): Promise<Replica> {
  const replica = await openReplica({
    url: server.url,
    userId: pb.authStore.record!.id,
    schema: opensyncSchema,
    ...(vectors ? { vectors: opensyncVectors } : {}),
  });
  for (const name of OPENSYNC_COLLECTIONS) {
    const records = await pb.collection(name).getFullList({ sort: 'id', batch: 1000 });
    const result = await replica.collection(name).upsert(records);
    expect(result).toEqual({ applied: records.length, skipped: 0, failed: [] });
  }
  return replica;
}

test.each([
  ['as JSON text', false],
  ['with the embeddings declared as vectors (stored packed)', true],
])('every collection round-trips exactly, %s', async (_, vectors) => {
  const pb = await signIn(0);
  const replica = await fillReplica(pb, vectors);
  let compared = 0;
  for (const name of OPENSYNC_COLLECTIONS) {
    const fromServer = await pb.collection(name).getFullList({ sort: 'id', batch: 1000 });
    const fromReplica = await replica.collection(name).getFullList({ sort: 'id' });
    expect(fromReplica).toHaveLength(fromServer.length);
    fromServer.forEach((record, i) => {
      for (const key of Object.keys(record))
        expect([name, key, fromReplica[i]![key]]).toEqual([name, key, record[key]]);
      expect(Object.keys(fromReplica[i]!).sort()).toEqual(Object.keys(record).sort());
    });
    compared += fromServer.length;
  }
  // The user saw their own sessions, messages, parts and embeddings (and their own user record).
  const own = data.sessions.filter((s) => s.user === data.users[0]!.id).length;
  expect(await replica.collection('sessions').count()).toBe(own);
  expect(compared).toBeGreaterThan(own * 4);
  if (vectors) {
    // The server's 6-digit decimals are kept as float32 (a form byte and 4 bytes a number), and
    // still read back as the server's numbers above.
    const stats = await replica.collection('sessionEmbeddings').vectorStats('embedding');
    expect(stats.count).toBeGreaterThan(0);
    expect(stats.storedBytesPerVector!.record).toBe(1 + 1536 * 4);
  }
  await replica.close();
});

test("one user's replica holds only what the server's rules let that user see", async () => {
  const replica = await fillReplica(await signIn(1));
  const sessions = await replica.collection('sessions').getFullList();
  expect(sessions.length).toBeGreaterThan(0);
  expect(sessions.every((s) => s.user === data.users[1]!.id)).toBe(true);
  const users = await replica.collection('users').getFullList();
  expect(users.map((u) => u.id)).toEqual([data.users[1]!.id]);
  expect(users[0]!.email).toBe(data.users[1]!.email);
  await replica.close();
});
