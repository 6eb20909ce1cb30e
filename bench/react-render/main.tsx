// One OpenSync dashboard page (summary cards, model table, top-100 sessions list) built two ways,
// chosen by ?mode=: on pocketlite's hooks, or on OpenSync's fetch-and-reduce pattern (each hook
// fetches from PocketBase, reduces in JavaScript, and fetches again on every realtime event).
import PocketBase, { type RecordModel } from 'pocketbase';
import { memo, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { opensyncSchema, useAnalyticsRollups, useSessions } from '../../js/opensync/index.js';
import { ReplicaProvider, useReplica, useSyncStatus } from '../../js/react/index.js';
import type { ReplicaSource } from '../../js/source.js';

type Session = RecordModel & { title: string; totalTokens: number; cost: number; model: string };
const renders: Record<string, number> = { summary: 0, models: 0, list: 0, rows: 0 };
const bench = { renders, ready: false, totalTokens: 0, replica: null as ReplicaSource | null };
Object.assign(globalThis, { bench });

const Row = memo(function Row({ session }: { session: Session }) {
  renders.rows!++;
  return (
    <li data-id={session.id}>
      {session.title} · {session.totalTokens}
    </li>
  );
});

function Summary({ totalTokens, sessions }: { totalTokens: number; sessions: number }) {
  renders.summary!++;
  bench.totalTokens = totalTokens;
  return (
    <p id="summary">
      {sessions} sessions · {totalTokens} tokens
    </p>
  );
}

function Models({ rows }: { rows: Array<Record<string, unknown>> }) {
  renders.models!++;
  return (
    <table>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r.model)}>
            <td>{String(r.model)}</td>
            <td>{String(r.sessions)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function List({ sessions }: { sessions: Session[] }) {
  renders.list!++;
  return (
    <ul id="sessions">
      {sessions.map((s) => (
        <Row key={s.id} session={s} />
      ))}
    </ul>
  );
}

// pocketlite: each component reads its own live hook.
function LocalSummary() {
  const { summaryStats } = useAnalyticsRollups({ days: 30 });
  return summaryStats ? (
    <Summary totalTokens={summaryStats.totalTokens} sessions={summaryStats.totalSessions} />
  ) : null;
}
function LocalModels() {
  const { modelStats } = useAnalyticsRollups({ days: 30 });
  return <Models rows={modelStats} />;
}
function LocalList() {
  const { sessions } = useSessions({ limit: 100, sortBy: 'totalTokens', sortOrder: 'desc' });
  return <List sessions={sessions as unknown as Session[]} />;
}
function LocalReady() {
  const replica = useReplica();
  const status = useSyncStatus();
  bench.replica = replica;
  bench.ready = !!replica && status.status === 'live';
  return null;
}

// OpenSync's pattern: fetch, reduce, and fetch again on each realtime event. Returns the value and
// its setter (what an optimistic update patches).
function useFetched<T>(pb: PocketBase, load: () => Promise<T>): [T | null, (patch: (value: T) => T) => void] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    let issued = 0;
    let applied = 0;
    // Every answer renders, as in OpenSync's hooks, except one older than what is shown (answers
    // can arrive out of order: applying it would show stale data).
    const refresh = () => {
      const request = ++issued;
      void load().then((v) => {
        if (!live || request < applied) return;
        applied = request;
        setValue(v);
      });
    };
    refresh();
    const unsubscribe = pb.collection('sessions').subscribe('*', refresh);
    return () => {
      live = false;
      void unsubscribe.then((stop) => stop());
    };
  }, [pb]); // eslint-disable-line
  const patch = useCallback((change: (value: T) => T) => setValue((v) => (v === null ? v : change(v))), []);
  return [value, patch];
}

// The fetch-and-reduce app's optimistic update, as such an app would write it: the list shows the
// edit at once, then the server write (whose realtime event refetches).
const listPatches = new Set<(id: string, data: Partial<Session>) => void>();
function fetchUpdateOptimistic(id: string, data: Partial<Session>) {
  for (const patch of listPatches) patch(id, data);
  return pb.collection('sessions').update(id, data);
}
function reduceModels(sessions: Session[]) {
  const byModel = new Map<string, number>();
  for (const s of sessions) byModel.set(s.model || 'unknown', (byModel.get(s.model || 'unknown') ?? 0) + 1);
  return [...byModel].map(([model, n]) => ({ model, sessions: n })).sort((a, b) => b.sessions - a.sessions);
}
function FetchSummary({ pb }: { pb: PocketBase }) {
  const [all] = useFetched(pb, () => pb.collection('sessions').getFullList<Session>({ batch: 1000 }));
  return all ? (
    <Summary totalTokens={all.reduce((t, s) => t + s.totalTokens, 0)} sessions={all.length} />
  ) : null;
}
function FetchModels({ pb }: { pb: PocketBase }) {
  const [all] = useFetched(pb, () => pb.collection('sessions').getFullList<Session>({ batch: 1000 }));
  return <Models rows={all ? reduceModels(all) : []} />;
}
function FetchList({ pb }: { pb: PocketBase }) {
  const [page, setPage] = useFetched(pb, () =>
    pb.collection('sessions').getList<Session>(1, 100, { sort: '-totalTokens' }),
  );
  useEffect(() => {
    const patch = (id: string, data: Partial<Session>) =>
      setPage((p) => ({ ...p, items: p.items.map((s) => (s.id === id ? { ...s, ...data } : s)) }));
    listPatches.add(patch);
    return () => void listPatches.delete(patch);
  }, [setPage]);
  bench.ready = !!page;
  return <List sessions={page?.items ?? []} />;
}

const params = new URLSearchParams(location.search);
const pb = new PocketBase(params.get('pb')!);
// The SDK cancels a request when another to the same path starts: these hooks need every answer.
pb.autoCancellation(false);
await pb.collection('users').authWithPassword(params.get('email')!, params.get('password')!);
Object.assign(bench, { pb, fetchUpdateOptimistic });
const root = createRoot(document.getElementById('root')!);
if (params.get('mode') === 'fetch') {
  root.render(
    <>
      <FetchSummary pb={pb} />
      <FetchModels pb={pb} />
      <FetchList pb={pb} />
    </>,
  );
} else {
  root.render(
    <ReplicaProvider
      pb={pb}
      worker={() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })}
      schema={opensyncSchema}
    >
      <LocalReady />
      <LocalSummary />
      <LocalModels />
      <LocalList />
    </ReplicaProvider>,
  );
}
