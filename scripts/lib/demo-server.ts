// Builds the demo with Vite and serves it next to a real PocketBase loaded with generated data.
// Used by the README's demo command (scripts/demo.ts) and by the Chromium test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';

import { serveStatic } from './static-server.js';
import { generateOpenSync, type GeneratorSize, type OpenSyncDataset } from '../../js/opensync/generator.js';
import { loadDataset, startPocketBase, type LoadProgress, type PocketBaseServer } from './pocketbase.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoDir = path.join(repoRoot, 'demo');

export const DEMO_LOGIN = { email: 'user0@example.com', password: 'pocketlite-demo' };
/** The generated dataset's version: a data dir loaded with another is reloaded. */
const DATA_VERSION = 'sessions+session-embeddings, seed 2026';

export interface DemoOptions {
  size: GeneratorSize;
  /** Keep PocketBase data here across runs (loaded once); default: a temporary dir. */
  pbDataDir?: string;
  pbPort?: number;
  webPort?: number;
  onProgress?: (p: LoadProgress) => void;
  /** More pb_hooks files (name → source) next to the demo's own, e.g. pocketbase/optional's. */
  extraHooks?: Record<string, string>;
}

export interface RunningDemo {
  pageUrl: string;
  pocketbase: PocketBaseServer;
  /** Sessions the demo user owns on the server. */
  sessions: number;
  /** Whether this start loaded the data (a kept data dir is loaded once). */
  loadedNow: boolean;
  stop(): Promise<void>;
}

/** Starts PocketBase (loading generated data on first use), builds the demo, serves it. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const marker = options.pbDataDir && path.join(options.pbDataDir, '.pocketlite-loaded');
  const version = `${DATA_VERSION}, ${JSON.stringify(options.size)}`;
  const fresh = !marker || !fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== version;
  // Data loaded by an older demo (another dataset or size): start over rather than mix the two.
  if (fresh && options.pbDataDir) fs.rmSync(options.pbDataDir, { recursive: true, force: true });
  const pocketbase = await startPocketBase({
    dataDir: options.pbDataDir,
    port: options.pbPort,
    extraHooks: {
      ...options.extraHooks,
      'demo-backdate.pb.js': fs.readFileSync(path.join(repoRoot, 'scripts/lib/demo-backdate.pb.js'), 'utf8'),
    },
  });
  const data = generateOpenSync({ embeddings: 'sessions', ...options.size, seed: 2026, now: Date.now() });
  try {
    if (fresh) {
      await loadDataset(pocketbase, data, { password: DEMO_LOGIN.password, onProgress: options.onProgress });
      await backdate(pocketbase, data);
      if (marker) fs.writeFileSync(marker, version);
    }
    await build({ configFile: path.join(demoDir, 'vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    await pocketbase.stop();
    throw error;
  }
  const web = await serveStatic(
    path.join(demoDir, 'dist'),
    { url: pocketbase.url, ...DEMO_LOGIN },
    options.webPort ?? 0,
  );
  const { port } = web.address() as { port: number };
  return {
    pageUrl: `http://127.0.0.1:${port}/`,
    pocketbase,
    sessions: data.sessions.filter((s) => s.user === data.users[0]!.id).length,
    loadedNow: fresh,
    async stop() {
      await new Promise((resolve) => web.close(resolve));
      await pocketbase.stop();
    },
  };
}

// The API sets created/updated to now; the demo's history needs the generated dates.
async function backdate(pocketbase: PocketBaseServer, data: OpenSyncDataset): Promise<void> {
  for (const collection of ['sessions', 'messages'] as const) {
    const rows = data[collection].map(({ id, created, updated }) => ({ id, created, updated }));
    for (let i = 0; i < rows.length; i += 500) {
      await pocketbase.admin.send('/api/pocketlite-demo/backdate', {
        method: 'POST',
        body: { collection, rows: rows.slice(i, i + 500) },
      });
    }
  }
}
