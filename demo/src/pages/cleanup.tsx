// Cleanup: bulk delete by filters (fewer than N messages, no title, zero cost) with progress, and
// what the replica stores per collection.
import { useState } from 'react';

import { filter } from '../../../js/filter.js';
import { useBulkOperations } from '../../../js/opensync/index.js';
import { useCount, useLiveValue, useReplica, useSyncStatus } from '../../../js/react/index.js';

const RULES = {
  few: (n: number) => filter('messageCount < {:n}', { n }),
  untitled: () => 'title = ""',
  free: () => 'cost = 0',
};

export function CleanupPage() {
  const replica = useReplica();
  const [minMessages, setMinMessages] = useState(2);
  const [chosen, setChosen] = useState<keyof typeof RULES>('few');
  const [progress, setProgress] = useState<[number, number] | null>(null);
  const bulk = useBulkOperations({ onProgress: (p) => setProgress([p.current + 1, p.total]) });
  const few = useCount('sessions', RULES.few(minMessages));
  const untitled = useCount('sessions', RULES.untitled());
  const free = useCount('sessions', RULES.free());
  const storage = useLiveValue(
    'cleanup:storage',
    ['sessions', 'messages', 'parts', 'sessionEmbeddings'],
    (r) => r.storageStats(),
  );
  const { storage: backend } = useSyncStatus();
  const counts = { few: few.data ?? 0, untitled: untitled.data ?? 0, free: free.data ?? 0 };
  const run = async () => {
    if (!replica) return;
    const rule = chosen === 'few' ? RULES.few(minMessages) : RULES[chosen]();
    const ids = (await replica.collection('sessions').getFullList({ filter: rule, fields: 'id' })).map(
      (s) => s.id,
    );
    setProgress([0, ids.length]);
    await bulk.deleteMultipleSessions(ids);
  };
  return (
    <section>
      <div className="cleanup-rules">
        <label>
          <input type="radio" checked={chosen === 'few'} onChange={() => setChosen('few')} /> Sessions with
          fewer than{' '}
          <input
            id="min-messages"
            type="number"
            min={1}
            value={minMessages}
            onChange={(e) => setMinMessages(Number(e.target.value) || 1)}
          />{' '}
          messages: <strong id="count-few">{counts.few}</strong>
        </label>
        <label>
          <input type="radio" checked={chosen === 'untitled'} onChange={() => setChosen('untitled')} />{' '}
          Sessions without a title: <strong id="count-untitled">{counts.untitled}</strong>
        </label>
        <label>
          <input type="radio" checked={chosen === 'free'} onChange={() => setChosen('free')} /> Sessions that
          cost nothing: <strong id="count-free">{counts.free}</strong>
        </label>
        <button
          id="bulk-delete"
          className="control danger"
          disabled={bulk.isProcessing || counts[chosen] === 0}
          onClick={() => void run()}
        >
          Delete {counts[chosen]} sessions
        </button>
        {progress && (
          <div className="progress wide" id="bulk-progress" data-done={progress[0]} data-total={progress[1]}>
            <div style={{ width: `${progress[1] ? (progress[0] / progress[1]) * 100 : 100}%` }} />
          </div>
        )}
        {bulk.error && <p className="error">{bulk.error}</p>}
      </div>
      <h3>Stored in this browser ({backend?.kind ?? '…'})</h3>
      {!storage.data && <p className="loading">Measuring what this browser stores…</p>}
      <table className="sessions" id="storage">
        <thead>
          <tr>
            <th>Collection</th>
            <th className="num">Records</th>
            <th className="num">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {(storage.data ?? []).map((row) => (
            <tr key={row.name}>
              <td>{row.name}</td>
              <td className="num">{row.rows.toLocaleString('en-US')}</td>
              <td className="num">{row.bytes.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
