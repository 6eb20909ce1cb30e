// Live query latency: from a committed write to the subscriber's callback, p50 and p95, for a
// list query over 10k sessions, with another 20 live queries the write does not affect.
// Run: npx tsx bench/live.ts
import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';

const data = generateOpenSync({ users: 1, sessionsPerUser: 10_000, messagesPerSession: 1, seed: 3 });
const replica = await openReplica({ url: 'http://bench', userId: 'bench', schema: opensyncSchema });
await replica.collection('sessions').upsert(JSON.stringify(data.sessions));
for (let i = 0; i < 20; i++) replica.collection('messages').watchCount(`durationMs > ${i}`, () => {});

let resolve: (() => void) | null = null;
replica
  .collection('sessions')
  .watchList(1, 50, { filter: 'source = "claude-code"', sort: '-updated' }, () => resolve?.());
await new Promise((r) => setTimeout(r, 10));

const times: number[] = [];
const target = data.sessions.find((s) => s.source === 'claude-code')!;
for (let i = 0; i < 200; i++) {
  const arrived = new Promise<void>((r) => (resolve = r));
  const start = performance.now();
  await replica
    .collection('sessions')
    .upsert({ ...target, updated: `2027-01-01 00:00:00.${String(i).padStart(3, '0')}Z`, title: `edit ${i}` });
  await arrived;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.floor(times.length * q)]!.toFixed(2);
console.log(
  `\nLive query: committed write → callback (getList page of 50 over 10k sessions, 20 unaffected live queries)`,
);
console.log(`${'metric'.padEnd(12)} ${'ms'.padStart(8)}`);
console.log(`${'p50'.padEnd(12)} ${at(0.5).padStart(8)}`);
console.log(`${'p95'.padEnd(12)} ${at(0.95).padStart(8)}`);
await replica.close();
