// The devtools panel: a button an app mounts inside its ReplicaProvider in development, which
// opens a panel on the provider's replica: tables with rows and sizes, the outbox with retry and
// discard, the sync's status, metrics, log and the server's capabilities, live queries with
// their re-runs and times, and a filter playground. Its data comes from inspect() (inspect.ts).
import { useCallback, useEffect, useState, type CSSProperties, type ReactNode } from 'react';

import type { ListResult, RecordModel } from '../model.js';
import { useReplicaContext } from '../react/provider.js';
import type { Sync } from '../sync/sync.js';
import { inspect, runFilter, type DevtoolsSnapshot } from './inspect.js';

/** Props of {@link PocketliteDevtools}. */
export interface DevtoolsProps {
  /** Open at first render (default: closed, a small button). */
  initialOpen?: boolean;
  /** How often an open panel refreshes, in ms (default 1000). */
  refreshMs?: number;
  /** The Sync of a replica opened in this thread (a worker's replica reports its own). */
  sync?: Sync | null;
}

const TABS = ['Tables', 'Outbox', 'Sync', 'Live queries', 'Filter'] as const;
type TabName = (typeof TABS)[number];

/** The devtools panel for the nearest ReplicaProvider's replica. */
export function PocketliteDevtools({ initialOpen = false, refreshMs = 1000, sync = null }: DevtoolsProps) {
  const { replica, status } = useReplicaContext();
  const [open, setOpen] = useState(initialOpen);
  const [tab, setTab] = useState<TabName>('Tables');
  const [snapshot, setSnapshot] = useState<DevtoolsSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!replica) return;
    try {
      setSnapshot(await inspect({ replica, status, sync }));
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  }, [replica, status, sync]);

  useEffect(() => {
    if (!open) return;
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [open, refresh, refreshMs]);

  if (!open)
    return (
      <button id="pl-devtools-open" style={styles.toggle} onClick={() => setOpen(true)}>
        pocketlite
      </button>
    );
  return (
    <section id="pl-devtools" style={styles.panel} aria-label="pocketlite devtools">
      <header style={styles.header}>
        <strong>pocketlite</strong>
        <nav style={styles.tabs}>
          {TABS.map((name) => (
            <button
              key={name}
              data-tab={name}
              style={name === tab ? { ...styles.tab, ...styles.current } : styles.tab}
              onClick={() => setTab(name)}
            >
              {name}
            </button>
          ))}
        </nav>
        <button id="pl-devtools-close" style={styles.tab} onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      <div style={styles.body}>
        {error && <p style={styles.error}>{error}</p>}
        {!replica ? (
          <p>Connecting to the replica…</p>
        ) : !snapshot ? (
          <p>Loading…</p>
        ) : (
          <TabBody tab={tab} snapshot={snapshot} refresh={refresh} />
        )}
      </div>
    </section>
  );
}

function TabBody({
  tab,
  snapshot,
  refresh,
}: {
  tab: TabName;
  snapshot: DevtoolsSnapshot;
  refresh: () => Promise<void>;
}) {
  switch (tab) {
    case 'Tables':
      return <TablesTab snapshot={snapshot} />;
    case 'Outbox':
      return <OutboxTab snapshot={snapshot} refresh={refresh} />;
    case 'Sync':
      return <SyncTab snapshot={snapshot} />;
    case 'Live queries':
      return <LiveQueriesTab snapshot={snapshot} />;
    case 'Filter':
      return <FilterTab collections={snapshot.collections} />;
  }
}

function TablesTab({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const storage = snapshot.status?.storage;
  return (
    <>
      {storage && (
        <p>
          Storage: {storage.kind}
          {storage.persisted ? ', persisted' : ', not persisted'}
          {storage.usage !== undefined &&
            ` · ${megabytes(storage.usage)} of ${megabytes(storage.quota ?? 0)}`}
        </p>
      )}
      {storage?.warnings?.map((w) => (
        <p key={w.code} style={styles.warning} data-warning={w.code}>
          {w.message}
        </p>
      ))}
      <Table
        id="pl-tables"
        head={['table', 'rows', 'size']}
        rows={snapshot.tables.map((t) => [t.name, t.rows.toLocaleString('en-US'), megabytes(t.bytes)])}
      />
    </>
  );
}

function OutboxTab({ snapshot, refresh }: { snapshot: DevtoolsSnapshot; refresh: () => Promise<void> }) {
  const { replica } = useReplicaContext();
  if (snapshot.outbox.length === 0)
    return <p id="pl-outbox-empty">The outbox is empty: every write is on the server.</p>;
  const act = (action: 'retryFailed' | 'discardFailed', seq: number) =>
    void replica?.[action](seq).then(refresh);
  return (
    <Table
      id="pl-outbox"
      head={['#', 'write', 'record', 'state', 'attempts', 'error', '']}
      states={snapshot.outbox.map((entry) => entry.state)}
      rows={snapshot.outbox.map((entry) => [
        entry.seq,
        entry.op,
        `${entry.collection}/${entry.recordId}`,
        entry.state,
        entry.attempts,
        entry.error?.message ?? '',
        entry.state === 'failed' && (
          <>
            <button onClick={() => act('retryFailed', entry.seq)}>Retry</button>
            <button onClick={() => act('discardFailed', entry.seq)}>Discard</button>
          </>
        ),
      ])}
    />
  );
}

function SyncTab({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const { sync, status } = snapshot;
  if (!sync) return <p id="pl-sync-off">This replica does not sync (no sign-in, or sync turned off).</p>;
  const { batch, tombstones, missingCollections } = sync.capabilities;
  const metrics = Object.entries(sync.metrics).filter(([, v]) => typeof v === 'number') as [string, number][];
  return (
    <div id="pl-sync">
      <p>
        Status: <strong>{status?.sync?.status ?? sync.status}</strong>
        {status?.sync?.reason ? ` (${status.sync.reason})` : ''} · {status?.sync?.pending ?? 0} pending,{' '}
        {status?.sync?.failed ?? 0} failed
      </p>
      <p id="pl-capabilities">
        Server: batch {yesNo(batch)} · tombstones {yesNo(tombstones)} · realtime{' '}
        {status?.sync?.status === 'live'
          ? 'connected'
          : status?.sync?.status === 'polling'
            ? 'unavailable (polling)'
            : 'not connected'}
        {missingCollections.length > 0 && ` · missing collections: ${missingCollections.join(', ')}`}
      </p>
      <Table
        id="pl-metrics"
        head={['metric', 'value']}
        rows={metrics.map(([k, v]) => [k, v.toLocaleString('en-US')])}
      />
      {sync.problems.length > 0 && (
        <ul>
          {sync.problems.map((p) => (
            <li key={`${p.kind}/${p.collection}/${p.field ?? ''}`}>{p.message}</li>
          ))}
        </ul>
      )}
      <h4 style={styles.h4}>Log</h4>
      <ol id="pl-log" style={styles.log}>
        {[...sync.log].reverse().map((line, i) => (
          <li key={`${line.at}-${i}`} data-level={line.level}>
            {new Date(line.at).toLocaleTimeString()} {line.level} {line.message}
          </li>
        ))}
      </ol>
    </div>
  );
}

function LiveQueriesTab({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const queries = [...snapshot.liveQueries].sort((a, b) => b.totalMs - a.totalMs);
  if (queries.length === 0) return <p>No live query is running.</p>;
  return (
    <Table
      id="pl-live-queries"
      head={['query', 'runs', 'changed', 'last ms', 'max ms', 'total ms']}
      rows={queries.map((q) => [
        q.label,
        String(q.runs),
        String(q.changes),
        q.lastMs.toFixed(2),
        q.maxMs.toFixed(2),
        q.totalMs.toFixed(1),
      ])}
    />
  );
}

function FilterTab({ collections }: { collections: string[] }) {
  const { replica } = useReplicaContext();
  const [collection, setCollection] = useState(collections[0] ?? '');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState('');
  const [result, setResult] = useState<ListResult<RecordModel> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    if (!replica) return;
    try {
      setResult(await runFilter(replica, { collection, filter, sort }));
      setError(null);
    } catch (e) {
      setResult(null);
      setError(message(e));
    }
  };
  // The id first, then the fields (collectionId and collectionName say what the select says).
  const fields = result?.items[0] ? Object.keys(result.items[0]) : [];
  const columns = ['id', ...fields.filter((k) => k !== 'id' && !k.startsWith('collection'))].filter((k) =>
    fields.includes(k),
  );
  return (
    <form
      id="pl-filter"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <select id="pl-filter-collection" value={collection} onChange={(e) => setCollection(e.target.value)}>
        {collections.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <input
        id="pl-filter-text"
        style={styles.input}
        placeholder='filter, e.g. totalTokens > 1000 && model ~ "gpt"'
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <input
        id="pl-filter-sort"
        placeholder="sort, e.g. -updated"
        value={sort}
        onChange={(e) => setSort(e.target.value)}
      />
      <button id="pl-filter-run">Run</button>
      {error && (
        <p id="pl-filter-error" style={styles.error}>
          {error}
        </p>
      )}
      {result && (
        <>
          <p id="pl-filter-total">
            {result.totalItems.toLocaleString('en-US')} matching records
            {result.totalItems > result.items.length && ` (the first ${result.items.length} shown)`}
          </p>
          <Table
            id="pl-filter-rows"
            head={columns}
            rows={result.items.map((item) => columns.map((c) => cell(item[c])))}
          />
        </>
      )}
    </form>
  );
}

// A table of the panel; `states` puts a data-state on each row (the outbox's entry states).
function Table({
  id,
  head,
  rows,
  states,
}: {
  id: string;
  head: string[];
  rows: ReactNode[][];
  states?: string[];
}) {
  return (
    <table id={id} style={styles.table}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} style={styles.th}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} data-state={states?.[i]}>
            {row.map((value, j) => (
              <td key={j} style={styles.td}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const yesNo = (value: boolean | null) => (value === null ? 'not known yet' : value ? 'yes' : 'no');
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
// A record's field as table text: long values cut, objects as JSON.
function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const styles: Record<string, CSSProperties> = {
  toggle: {
    position: 'fixed',
    right: 12,
    bottom: 12,
    zIndex: 2147483000,
    font: '12px system-ui, sans-serif',
    padding: '6px 10px',
    borderRadius: 6,
    border: '1px solid #444',
    background: '#1e1e2e',
    color: '#eee',
    cursor: 'pointer',
  },
  panel: {
    position: 'fixed',
    left: 0,
    right: 0,
    bottom: 0,
    height: '45vh',
    zIndex: 2147483000,
    display: 'flex',
    flexDirection: 'column',
    font: '12px system-ui, sans-serif',
    background: '#1e1e2e',
    color: '#e6e6e6',
    borderTop: '2px solid #6366f1',
  },
  header: {
    display: 'flex',
    gap: 12,
    alignItems: 'center',
    padding: '6px 10px',
    borderBottom: '1px solid #333',
  },
  tabs: { display: 'flex', gap: 4, flex: 1 },
  tab: {
    background: 'transparent',
    color: 'inherit',
    borderWidth: 1,
    borderStyle: 'solid',
    borderColor: '#444',
    borderRadius: 4,
    padding: '2px 8px',
    cursor: 'pointer',
  },
  current: { background: '#6366f1', borderColor: '#6366f1' },
  body: { overflow: 'auto', padding: '6px 10px', flex: 1 },
  table: { borderCollapse: 'collapse', width: '100%' },
  th: { textAlign: 'left', borderBottom: '1px solid #444', padding: '2px 6px', color: '#a5b4fc' },
  td: {
    padding: '2px 6px',
    borderBottom: '1px solid #2a2a3a',
    fontFamily: 'ui-monospace, monospace',
    whiteSpace: 'nowrap',
  },
  error: { color: '#fca5a5' },
  warning: { color: '#fdba74' },
  input: { width: '40%' },
  log: { fontFamily: 'ui-monospace, monospace', margin: 0, paddingLeft: 18 },
  h4: { margin: '8px 0 4px' },
};
