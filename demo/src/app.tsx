// The dashboard's frame: navigation, the sync badge, the offline and second-tab controls, the
// page of the current route, and pocketlite's devtools (the button at the bottom right).
import { useState } from 'react';

import { PocketliteDevtools } from '../../js/devtools/index.js';
import { useSyncControl, useSyncStatus } from '../../js/react/index.js';
import { SyncBadge } from './components/sync-badge.js';
import { AnalyticsPage } from './pages/analytics.js';
import { CleanupPage } from './pages/cleanup.js';
import { EvalsPage } from './pages/evals.js';
import { SearchPage } from './pages/search.js';
import { SessionPage } from './pages/session.js';
import { SessionsPage } from './pages/sessions.js';
import { useRoute } from './router.js';

const PAGES = [
  ['sessions', 'Sessions'],
  ['search', 'Search'],
  ['analytics', 'Analytics'],
  ['evals', 'Evals'],
  ['cleanup', 'Cleanup'],
] as const;

function OfflineControl() {
  const control = useSyncControl();
  const { reason } = useSyncStatus();
  const off = reason === 'sync turned off by the app';
  const [busy, setBusy] = useState(false);
  return (
    <button
      id="offline-toggle"
      className={off ? 'control on' : 'control'}
      disabled={!control || busy}
      onClick={() => {
        setBusy(true);
        void control?.setSyncEnabled(off).finally(() => setBusy(false));
      }}
    >
      {off ? 'Go online' : 'Work offline'}
    </button>
  );
}

export function App({ serverUrl, email }: { serverUrl: string; email: string }) {
  const [page, ...rest] = useRoute();
  return (
    <div className="app">
      <header>
        <div className="brand">
          <h1>OpenSync</h1>
          <span className="powered">local-first on pocketlite</span>
        </div>
        <nav>
          {PAGES.map(([path, label]) => (
            <a key={path} href={`#/${path}`} id={`nav-${path}`} className={page === path ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <div className="controls">
          <SyncBadge />
          <OfflineControl />
          <button id="second-tab" className="control" onClick={() => window.open(location.href, '_blank')}>
            Open a second tab
          </button>
        </div>
      </header>
      <main>
        {page === 'session' && rest[0] ? (
          <SessionPage id={rest[0]} />
        ) : page === 'search' ? (
          <SearchPage />
        ) : page === 'analytics' ? (
          <AnalyticsPage />
        ) : page === 'evals' ? (
          <EvalsPage />
        ) : page === 'cleanup' ? (
          <CleanupPage />
        ) : (
          <SessionsPage />
        )}
      </main>
      <footer>
        {email} · server {serverUrl}
      </footer>
      <PocketliteDevtools />
    </div>
  );
}
