// Builds the demo with Vite and serves it next to a real PocketBase loaded with generated data.
// Used by the README's demo command (scripts/demo.ts) and by the Chromium test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';

import { serveStatic } from './static-server.js';
import { generateOpenSync, type GeneratorSize } from '../../js/opensync/generator.js';
import { loadDataset, startPocketBase, type LoadProgress, type PocketBaseServer } from './pocketbase.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoDir = path.join(repoRoot, 'demo');

export const DEMO_LOGIN = { email: 'user0@example.com', password: 'pocketlite-demo' };

export interface DemoOptions {
  size: GeneratorSize;
  /** Keep PocketBase data here across runs (loaded once); default: a temporary dir. */
  pbDataDir?: string;
  pbPort?: number;
  webPort?: number;
  onProgress?: (p: LoadProgress) => void;
}

export interface RunningDemo {
  pageUrl: string;
  pocketbase: PocketBaseServer;
  /** Sessions the demo user owns on the server. */
  sessions: number;
  stop(): Promise<void>;
}

/** Starts PocketBase (loading generated data on first use), builds the demo, serves it. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const fresh = !options.pbDataDir || !fs.existsSync(path.join(options.pbDataDir, '.pocketlite-loaded'));
  const pocketbase = await startPocketBase({ dataDir: options.pbDataDir, port: options.pbPort });
  const data = generateOpenSync({ ...options.size, seed: 2026 });
  try {
    if (fresh) {
      await loadDataset(pocketbase, data, { password: DEMO_LOGIN.password, onProgress: options.onProgress });
      if (options.pbDataDir) fs.writeFileSync(path.join(options.pbDataDir, '.pocketlite-loaded'), 'yes');
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
    async stop() {
      await new Promise((resolve) => web.close(resolve));
      await pocketbase.stop();
    },
  };
}
