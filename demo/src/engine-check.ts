import { openReplica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../../js/opensync/index.js';

const result = document.getElementById('result')!;
try {
  const replica = await openReplica({ url: location.origin, userId: 'page', schema: opensyncSchema });
  const data = generateOpenSync({ ...SIZES.tiny, seed: 3 });
  const { applied } = await replica.collection('sessions').upsert(data.sessions);
  const back = await replica.collection('sessions').getOne(data.sessions[0]!.id);
  // Key order differs (the replica sorts keys as PocketBase does), so compare canonical forms.
  const canonical = (r: object) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  const same = canonical(back) === canonical(data.sessions[0]!);
  result.textContent = JSON.stringify({ applied, roundTrip: same });
  await replica.close();
} catch (error) {
  result.textContent = `error: ${String(error)}`;
}
