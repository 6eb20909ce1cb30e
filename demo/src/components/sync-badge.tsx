// The live sync badge: online or offline, initial-sync progress, pending and failed uploads (the
// failed ones listed with the server's reason, to retry or discard), storage and tabs.
import { useState } from 'react';

import { useSyncStatus } from '../../../js/react/index.js';

export function SyncBadge() {
  const status = useSyncStatus();
  const [open, setOpen] = useState(false);
  const state = !status.online
    ? 'offline'
    : status.initialSync
      ? 'syncing'
      : status.connected
        ? 'live'
        : status.status;
  return (
    <div
      className="sync"
      id="sync"
      data-state={state}
      data-role={status.role}
      data-pending={status.pending}
      data-failed={status.failed}
    >
      <button className={`badge ${state}`} onClick={() => setOpen(!open)} id="sync-badge">
        <span className="dot" />
        {state === 'offline'
          ? 'Offline'
          : state === 'live'
            ? 'Live'
            : state === 'syncing'
              ? 'Syncing'
              : state}
        {status.pending > 0 && <span className="count pending">{status.pending} pending</span>}
        {status.failed > 0 && <span className="count failed">{status.failed} failed</span>}
      </button>
      {status.initialSync && (
        <div
          className="progress"
          title={`${status.initialSync.collection}: ${status.initialSync.done}/${status.initialSync.total}`}
        >
          <div style={{ width: `${Math.round(status.initialSync.fraction * 100)}%` }} />
        </div>
      )}
      {open && (
        <div className="popover" id="sync-details">
          <p>
            <strong>{status.status}</strong>
            {status.reason ? ` (${status.reason})` : ''} · this tab {status.role}, {status.tabs} tab(s)
          </p>
          {status.initialSync && (
            <p>
              Pulling {status.initialSync.collection}: {status.initialSync.done} / {status.initialSync.total}
            </p>
          )}
          <p>
            Storage: {status.storage?.kind ?? '…'}
            {status.storage?.usage !== undefined &&
              ` · ${(status.storage.usage / 1e6).toFixed(1)} MB of ${((status.storage.quota ?? 0) / 1e9).toFixed(1)} GB`}
            {status.storage?.persisted ? ' · persisted' : ''}
          </p>
          {status.lastError && <p className="error">Last error: {status.lastError}</p>}
          {status.problems.length > 0 && (
            <ul className="problems" id="sync-problems">
              {status.problems.map((p) => (
                <li key={`${p.kind}/${p.collection}/${p.field ?? ''}`} className={p.severity}>
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          {status.failedEntries.length > 0 && (
            <ul className="failed-list">
              {status.failedEntries.map((entry) => (
                <li key={entry.seq}>
                  {entry.op} {entry.collection}/{entry.recordId}: {entry.error?.message ?? 'refused'}
                  <button onClick={() => void status.retry(entry.seq)}>Retry</button>
                  <button onClick={() => void status.discard(entry.seq)}>Discard</button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
