import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import PocketBase from 'pocketbase';

import type { OpenSyncDataset } from '../../js/opensync/generator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SUPERUSER = { email: 'admin@example.com', password: 'pocketlite-admin-1' };

/** A real PocketBase server on 127.0.0.1 with a temporary data dir and the project's migrations. */
export interface PocketBaseServer {
  url: string;
  dataDir: string;
  /** An SDK client authenticated as the superuser. */
  admin: PocketBase;
  /** Stops the server and removes its data dir (unless `keepData`). */
  stop(): Promise<void>;
  /** Kills the process (SIGKILL, no cleanup), as a crash would; the data dir stays. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Data dir to use (kept on stop); default: a fresh temporary dir, removed on stop. */
  dataDir?: string;
  port?: number;
  migrationsDir?: string;
  hooksDir?: string;
  /** Extra hook files (name → source) run beside the project's pb_hooks, for test-only behaviour. */
  extraHooks?: Record<string, string>;
}

// The project's hooks plus `extra`, in a temporary dir (removed with the data dir's parent).
function hooksWithExtras(extra: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-hooks-'));
  fs.cpSync(path.join(repoRoot, 'pocketbase/pb_hooks'), dir, { recursive: true });
  for (const [name, source] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), source);
  return dir;
}

/** The pinned PocketBase binary that scripts/setup.sh installed (POCKETLITE_PB_BIN overrides). */
export function pocketbaseBinary(): string {
  const bin = process.env.POCKETLITE_PB_BIN ?? path.join(repoRoot, '.tools/pocketbase/pocketbase');
  if (!fs.existsSync(bin)) throw new Error(`PocketBase binary not found at ${bin}: run scripts/setup.sh`);
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Starts PocketBase, creates the superuser, waits until /api/health answers. Always call stop(). */
export async function startPocketBase(options: StartOptions = {}): Promise<PocketBaseServer> {
  const bin = pocketbaseBinary();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-pb-'));
  const dirs = [
    `--dir=${dataDir}`,
    `--migrationsDir=${options.migrationsDir ?? path.join(repoRoot, 'pocketbase/pb_migrations')}`,
    `--hooksDir=${options.extraHooks ? hooksWithExtras(options.extraHooks) : (options.hooksDir ?? path.join(repoRoot, 'pocketbase/pb_hooks'))}`,
  ];
  // Runs the migrations too, so the schema exists before the server starts.
  const upsert = spawnSync(bin, ['superuser', 'upsert', SUPERUSER.email, SUPERUSER.password, ...dirs], {
    encoding: 'utf8',
  });
  if (upsert.status !== 0)
    throw new Error(`PocketBase superuser upsert failed: ${upsert.stderr || upsert.stdout}`);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // --automigrate=false: collections a test creates must not become migration files in the repo.
  const serve = ['serve', `--http=127.0.0.1:${port}`, '--hooksWatch=false', '--automigrate=false'];
  const child = spawn(bin, [...serve, ...dirs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForHealth(url, child, () => output);
  const admin = new PocketBase(url);
  admin.autoCancellation(false);
  await admin.collection('_superusers').authWithPassword(SUPERUSER.email, SUPERUSER.password);
  return {
    url,
    dataDir,
    admin,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
      running.delete(child);
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PocketBase exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`PocketBase did not become healthy at ${url}:\n${output()}`);
}

/** Creates a user (password login enabled) and returns its id. */
export async function createUser(
  server: PocketBaseServer,
  email: string,
  password: string,
  extra: object = {},
): Promise<string> {
  const record = await server.admin.collection('users').create({
    email,
    password,
    passwordConfirm: password,
    verified: true,
    name: email.split('@')[0],
    ...extra,
  });
  return record.id;
}

/** The request body PocketBase accepts for creating a generated record (server-set keys removed). */
export function createBody(record: Record<string, unknown>): Record<string, unknown> {
  const { collectionId: _c, collectionName: _n, created: _cr, updated: _u, ...body } = record;
  return body;
}

export interface LoadProgress {
  collection: string;
  done: number;
  total: number;
}

/**
 * Loads a generated dataset through the API with batch requests (enabled by the migration), in
 * dependency order. Users are created with `password`; their ids are kept, so relations hold.
 */
export async function loadDataset(
  server: PocketBaseServer,
  data: OpenSyncDataset,
  options: {
    password?: string;
    batchSize?: number;
    onProgress?: (p: LoadProgress) => void;
    /** Load only these collections (a deployed OpenSync server has no embeddings collections). */
    collections?: string[];
  } = {},
): Promise<void> {
  const password = options.password ?? 'password-1234';
  const users = data.users.map((u) => ({ ...createBody(u), password, passwordConfirm: password }));
  const order: Array<[string, Array<Record<string, unknown>>]> = [
    ['users', users],
    ['sessions', data.sessions.map(createBody)],
    ['messages', data.messages.map(createBody)],
    ['parts', data.parts.map(createBody)],
    ['sessionEmbeddings', data.sessionEmbeddings.map(createBody)],
    ['messageEmbeddings', data.messageEmbeddings.map(createBody)],
  ];
  const size = options.batchSize ?? 200;
  for (const [collection, bodies] of order) {
    if (options.collections && !options.collections.includes(collection)) continue;
    for (let start = 0; start < bodies.length; start += size) {
      const batch = server.admin.createBatch();
      for (const body of bodies.slice(start, start + size)) batch.collection(collection).create(body);
      await batch.send();
      options.onProgress?.({ collection, done: Math.min(start + size, bodies.length), total: bodies.length });
    }
  }
}

/** The collections a deployed OpenSync server has, as its own migrations create them. */
export const DEPLOYED_OPENSYNC_COLLECTIONS = ['users', 'sessions', 'messages', 'parts', 'apiLogs'];

/**
 * A PocketBase with OpenSync's schema as a deployed server has it (tests/fixtures/
 * opensync-deployed-collections.json: generated ids, its own rules and constraints) and none of
 * this project's additions: no migrations, hooks, tombstones or public-session route, batch off.
 * The collections are imported through the API, as an admin would from the dashboard.
 */
export async function startDeployedOpenSync(): Promise<PocketBaseServer> {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-bare-'));
  const server = await startPocketBase({ migrationsDir: empty, hooksDir: empty });
  await server.admin.collections.import(deployedCollections() as never, false);
  return server;
}

function deployedCollections(): Array<{ name: string; fields: Array<Record<string, unknown>> }> {
  return JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'tests/fixtures/opensync-deployed-collections.json'), 'utf8'),
  );
}

// Generated text cut to the deployed schema's limits (a text field's max, 5000 when unset):
// OpenSync's server refuses longer text, so its data never has it.
function withinDeployedLimits(data: OpenSyncDataset): OpenSyncDataset {
  const out = { ...data } as unknown as Record<string, Array<Record<string, unknown>>>;
  for (const collection of deployedCollections()) {
    const records = out[collection.name];
    if (!records) continue;
    const limits = collection.fields
      .filter((f) => f.type === 'text' && f.name !== 'id')
      .map((f) => [String(f.name), Number(f.max) || 5000] as const);
    out[collection.name] = records.map((r) => {
      const cut = { ...r };
      for (const [name, max] of limits)
        if (typeof cut[name] === 'string') cut[name] = [...(cut[name] as string)].slice(0, max).join('');
      return cut;
    });
  }
  return out as unknown as OpenSyncDataset;
}

/**
 * Loads a dataset into a deployed OpenSync server: batch is switched on for the load and off
 * again. Its schema requires parts.order, which PocketBase reads as non-zero: orders start at 1;
 * text is cut to its limits.
 */
export async function loadDeployedDataset(
  server: PocketBaseServer,
  data: OpenSyncDataset,
  password: string,
): Promise<void> {
  const parts = data.parts.map((p) => ({ ...p, order: Number(p.order) + 1 }));
  await server.admin.settings.update({ batch: { enabled: true, maxRequests: 500, timeout: 30 } });
  try {
    await loadDataset(server, withinDeployedLimits({ ...data, parts }), {
      password,
      collections: DEPLOYED_OPENSYNC_COLLECTIONS,
      batchSize: 500,
    });
  } finally {
    await server.admin.settings.update({ batch: { enabled: false } });
  }
}
