// The live sync badge: online or offline, initial-sync progress, pending and failed uploads (the
// failed ones listed with the server's reason, to retry or discard), storage and tabs.
import { useState } from 'react';

import { useSyncStatus, type SyncStatusView } from '../../../js/react/index.js';

export function SyncBadge() {
  const status = useSyncStatus();
  const [open, setOpen] = useState(false);
  const warnings = status.storage?.warnings ?? [];
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
        {warnings.length > 0 && (
          <span className="count warning" title={warnings.map((w) => w.message).join('\n')}>
            storage
          </span>
        )}
      </button>
      {status.initialSync && (
        <div className="progress" id="sync-progress" title={syncProgressText(status.initialSync)}>
          <div style={{ width: `${Math.round(status.initialSync.fraction * 100)}%` }} />
        </div>
      )}
      {open && (
        <div className="popover" id="sync-details">
          <p>
            <strong>{status.status}</strong>
            {status.reason ? ` (${status.reason})` : ''} · this tab {status.role}, {status.tabs} tab(s)
          </p>
          {status.initialSync && <p>{syncProgressText(status.initialSync)}</p>}
          <p>
            Storage: {status.storage?.kind ?? '…'}
            {status.storage?.usage !== undefined &&
              ` · ${(status.storage.usage / 1e6).toFixed(1)} MB of ${((status.storage.quota ?? 0) / 1e9).toFixed(1)} GB`}
            {status.storage?.persisted ? ' · persisted' : ''}
          </p>
          {warnings.length > 0 && (
            <ul className="problems" id="storage-warnings">
              {warnings.map((w) => (
                <li key={w.code} className="warning" data-code={w.code}>
                  {w.message}
                </li>
              ))}
            </ul>
          )}
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

/** "Syncing 4,210 of 44,830 records · about 12 s left", or the collection's count while the whole is unknown. */
export function syncProgressText(p: NonNullable<SyncStatusView['initialSync']>): string {
  if (p.recordsTotal < 0)
    return `Syncing ${p.collection}: ${p.done.toLocaleString()} of ${p.total.toLocaleString()}`;
  const eta = p.etaMs === null ? '' : ` · about ${Math.max(1, Math.round(p.etaMs / 1000))} s left`;
  return `Syncing ${p.recordsDone.toLocaleString()} of ${p.recordsTotal.toLocaleString()} records${eta}`;
}
