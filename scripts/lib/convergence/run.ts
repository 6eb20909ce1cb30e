// The randomized convergence checker: several client processes (./client.ts, replicas on disk),
// one real PocketBase and the per-request fault proxy, driven by a seeded schedule of writes
// (local creates, updates, deletes, re-creates of an id; the superuser's writes in a user's
// account; another user's intrusions) and faults (5xx/429 storms with Retry-After, lost answers,
// cut bodies, delays, dropped realtime streams, auth-refresh faults, revoked and expired tokens,
// rule changes, server and client SIGKILLs). Then it heals everything, lets every client drain,
// and checks the server and every replica against ./model.ts. The same seed gives the same
// schedule; the interleaving with the sync's own timing differs from run to run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PocketBase, { type RecordModel } from 'pocketbase';

import type { OutboxEntry } from '../../../js/model.js';
import { seededRandom } from '../../../js/sync/backoff.js';
import { startHttpFaultProxy, type FaultAction, type HttpFaultProxy } from '../http-fault-proxy.js';
import { createUser, freePort, startPocketBase, type PocketBaseServer } from '../pocketbase.js';
import { ClientProcess } from './client-handle.js';
import { checkReplica, Model, trackedFields, type Violation } from './model.js';
import { COLLECTION, type Drained, type Fields } from './protocol.js';

const PASSWORD = 'convergence-pass-1';
const WRITES = /^\/api\/(batch|collections\/sessions\/records)/;

/** How long a schedule runs and where its progress goes. */
export interface RunOptions {
  seed: number;
  steps: number;
  log?: (line: string) => void;
}

/** What one schedule did and found. */
export interface RunReport {
  seed: number;
  steps: number;
  /** Writes that took effect (clients' acknowledged local writes and the superuser's). */
  operations: number;
  /** Fault steps taken, and requests the proxy faulted. */
  faults: number;
  injected: number;
  violations: Violation[];
  /** Every step, in order, with its time from the start: the replay log. */
  events: string[];
}

interface User {
  email: string;
  id: string;
  /** The user's own SDK, straight to the server. */
  direct: PocketBase;
}

interface Client {
  name: string;
  user: User;
  dir: string;
  process: ClientProcess | null;
  /** The last token given, reused when the client restarts while the server is down. */
  auth: { token: string; record: RecordModel } | null;
  /** Steps until a killed client starts again. */
  downFor: number;
}

/** Runs one schedule and returns its report (violations empty when every invariant held). */
export async function runSchedule(options: RunOptions): Promise<RunReport> {
  const run = new Schedule(options);
  try {
    await run.setUp();
    for (let step = 0; step < options.steps; step++) await run.step();
    await run.heal();
    return await run.check();
  } catch (error) {
    return run.report({ kind: 'stuck', where: 'checker', detail: (error as Error).stack ?? String(error) });
  } finally {
    await run.tearDown();
  }
}

class Schedule {
  private readonly random: () => number;
  private readonly model = new Model();
  private readonly events: string[] = [];
  private readonly violations: Violation[] = [];
  private readonly started = Date.now();
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-converge-'));
  private server!: PocketBaseServer;
  private serverUp = false;
  private port = 0;
  private proxy!: HttpFaultProxy;
  private users: User[] = [];
  private clients: Client[] = [];
  private rules: Record<string, string | null | undefined> = {};
  private locked = false;
  private lockedEver = false;
  private operations = 0;
  private faults = 0;
  private counter = 0;

  constructor(private readonly options: RunOptions) {
    this.random = seededRandom(options.seed);
  }

  async setUp(): Promise<void> {
    this.port = await freePort();
    await this.startServer();
    this.proxy = await startHttpFaultProxy(this.server.url);
    for (const tag of ['a', 'b']) {
      const email = `converge-${tag}@example.com`;
      const id = await createUser(this.server, email, PASSWORD);
      this.users.push({ email, id, direct: await this.signIn(email) });
    }
    const sessions = await this.server.admin.collections.getOne(COLLECTION);
    this.rules = {
      createRule: sessions.createRule,
      updateRule: sessions.updateRule,
      deleteRule: sessions.deleteRule,
    };
    for (const [name, user] of [
      ['a1', this.users[0]!],
      ['a2', this.users[0]!],
      ['b1', this.users[1]!],
    ] as const) {
      const client: Client = {
        name,
        user,
        dir: path.join(this.root, name),
        process: null,
        auth: null,
        downFor: 0,
      };
      this.clients.push(client);
      await this.startClient(client);
    }
  }

  async tearDown(): Promise<void> {
    await Promise.allSettled(this.clients.map((c) => c.process?.stop()));
    await this.proxy?.close();
    if (this.serverUp) await this.server.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  // ---- the schedule

  async step(): Promise<void> {
    for (const client of this.clients)
      if (!client.process && --client.downFor <= 0) await this.startClient(client);
    const roll = this.random();
    if (roll < 0.55) await this.clientWrite();
    else if (roll < 0.68) await this.serverWrite();
    else if (roll < 0.7) await this.intrude();
    else await this.fault();
    await sleep(this.random() * 120);
  }

  private async clientWrite(): Promise<void> {
    const client = this.pick(this.clients.filter((c) => c.process));
    if (!client) return;
    const alive = this.model.idsOf(client.name, true);
    const dead = this.model.idsOf(client.name, false);
    const roll = this.random();
    if (roll < 0.35 || alive.length === 0) {
      const id = this.newId();
      const fields: Fields = { externalId: id, title: this.text(), totalTokens: this.count(), summary: '' };
      const keeper = this.random() < 0.3;
      if (
        await this.clientCall(
          client,
          { cmd: 'create', id, fields },
          `create ${id}${keeper ? ' (keeper)' : ''}`,
        )
      ) {
        this.model.wrote(id, client.name, client.user.id, fields, `${this.now()} ${client.name} create`);
        this.model.intents.get(id)!.keeper = keeper;
      }
    } else if (roll < 0.75) {
      const id = this.pick(alive)!;
      const fields = { title: this.text(), totalTokens: this.count() };
      if (await this.clientCall(client, { cmd: 'update', id, fields }, `update ${id} ${fields.title}`))
        this.model.wrote(
          id,
          client.name,
          client.user.id,
          fields,
          `${this.now()} ${client.name} update ${fields.title}`,
        );
    } else if (roll < 0.9 || dead.length === 0) {
      const id = this.pick(alive.filter((i) => !this.model.intents.get(i)!.keeper));
      if (id && (await this.clientCall(client, { cmd: 'delete', id }, `delete ${id}`)))
        this.model.wrote(id, client.name, client.user.id, null, `${this.now()} ${client.name} delete`);
    } else {
      const id = this.pick(dead)!;
      const fields: Fields = { externalId: id, title: this.text(), totalTokens: this.count(), summary: '' };
      if (await this.clientCall(client, { cmd: 'create', id, fields }, `re-create ${id}`))
        this.model.wrote(id, client.name, client.user.id, fields, `${this.now()} ${client.name} re-create`);
    }
  }

  // The superuser writes straight to the server: records of its own in a user's account, and the
  // summary of a client's keeper record (a field the clients never write).
  private async serverWrite(): Promise<void> {
    if (!this.serverUp) return;
    const records = this.server.admin.collection(COLLECTION);
    const user = this.pick(this.users)!;
    const roll = this.random();
    const keepers = [...this.model.intents].filter(([, i]) => i.keeper && i.fields).map(([id]) => id);
    const own = this.model.idsOf('server', true).filter((id) => this.model.intents.get(id)!.user === user.id);
    const gone = this.model
      .idsOf('server', false)
      .filter((id) => this.model.intents.get(id)!.user === user.id);
    let id: string;
    let fields: Partial<Fields> | null;
    let write: () => Promise<unknown>;
    if (roll < 0.3 && keepers.length) {
      id = this.pick(keepers)!;
      fields = { summary: this.text() };
      write = () => records.update(id, fields!);
    } else if (roll < 0.55 || own.length === 0) {
      id = roll < 0.45 && gone.length ? this.pick(gone)! : this.newId();
      fields = { externalId: id, title: this.text(), totalTokens: this.count(), summary: 'server' };
      write = () => records.create({ id, user: user.id, ...fields });
    } else if (roll < 0.8) {
      id = this.pick(own)!;
      fields = { title: this.text(), totalTokens: this.count() };
      write = () => records.update(id, fields!);
    } else {
      id = this.pick(own)!;
      fields = null;
      write = () => records.delete(id);
    }
    const what = `superuser ${fields === null ? 'delete' : 'write'} ${id} ${JSON.stringify(fields)}`;
    try {
      await write();
      const intent = this.model.intents.get(id);
      this.model.wrote(
        id,
        intent?.writer ?? 'server',
        intent?.user ?? user.id,
        fields,
        `${this.now()} ${what}`,
      );
      this.operations++;
      this.event(what);
    } catch (error) {
      this.event(`${what}: refused (${(error as { status?: number }).status})`);
    }
  }

  // User B's own SDK tries to take or change user A's records: every attempt must be refused.
  private async intrude(): Promise<void> {
    const [a, b] = this.users as [User, User];
    const id = this.pick(this.model.idsOf('a1', true).concat(this.model.idsOf('a2', true)));
    if (!id || !this.serverUp) return;
    const attempt = this.random() < 0.5 ? { title: 'intruder' } : { user: b.id };
    try {
      await b.direct.collection(COLLECTION).update(id, attempt, { requestKey: null });
      this.violations.push({
        kind: 'intrusion accepted',
        where: `${a.email} ${id}`,
        detail: JSON.stringify(attempt),
      });
    } catch {
      // refused, as it must be
    }
    this.event(`b tries ${JSON.stringify(attempt)} on ${id}`);
  }

  private async fault(): Promise<void> {
    this.faults++;
    const roll = this.random();
    const times = 1 + Math.floor(this.random() * 4);
    if (roll < 0.14) {
      const status = this.pick([500, 502, 503, 429])!;
      this.addRule(
        { path: WRITES, action: { kind: 'status', status, retryAfterSeconds: 1 }, times: times * 3 },
        'storm',
      );
    } else if (roll < 0.28) {
      const method = this.pick(['POST', 'PATCH', 'DELETE'])!;
      this.addRule({ method, path: WRITES, action: { kind: 'lose' }, times }, 'lost answers');
    } else if (roll < 0.38) {
      const bytes = Math.floor(this.random() * 300);
      this.addRule(
        { path: /^\/api\/(batch|collections)/, action: { kind: 'cut', bytes }, times },
        'cut bodies',
      );
    } else if (roll < 0.45) {
      this.addRule(
        { action: { kind: 'delay', ms: 100 + Math.floor(this.random() * 1500) }, times },
        'delays',
      );
    } else if (roll < 0.52) {
      this.proxy.dropConnections();
      this.event('fault: connections dropped (realtime streams too)');
    } else if (roll < 0.6) {
      const action = this.pick<FaultAction>([
        { kind: 'status', status: 503 },
        { kind: 'status', status: 429, retryAfterSeconds: 1 },
        { kind: 'cut', bytes: 40 },
        { kind: 'reset' },
      ])!;
      this.addRule({ path: /auth-refresh/, action, times }, 'auth-refresh faults');
      const client = this.pick(this.clients.filter((c) => c.process));
      if (client) await this.clientCall(client, { cmd: 'reconcile' }, 'reconcile');
    } else if (roll < 0.66) await this.restartServer();
    else if (roll < 0.76) await this.killClient();
    else if (roll < 0.82) await this.revoke();
    else if (roll < 0.87) await this.expire();
    else if (roll < 0.93) await this.signInAgain(this.pick(this.clients)!);
    else await this.setLock(!this.locked);
  }

  private addRule(rule: Parameters<HttpFaultProxy['add']>[0], what: string): void {
    this.proxy.add(rule);
    this.event(`fault: ${what} ×${rule.times} ${JSON.stringify(rule.action)} ${rule.method ?? ''}`);
  }

  private async restartServer(): Promise<void> {
    if (!this.serverUp) return;
    await this.server.kill();
    this.serverUp = false;
    this.event('fault: server SIGKILL');
    await sleep(100 + this.random() * 900);
    await this.startServer();
    this.event('server restarted');
  }

  private async killClient(): Promise<void> {
    const client = this.pick(this.clients.filter((c) => c.process));
    if (!client) return;
    await client.process!.kill();
    client.process = null;
    client.downFor = Math.floor(this.random() * 4);
    this.event(`fault: client ${client.name} SIGKILL`);
  }

  // Setting a password (even the same one) gives the user a new token key: every token is revoked.
  private async revoke(): Promise<void> {
    const user = this.pick(this.users)!;
    if (!this.serverUp) return;
    await this.server.admin
      .collection('users')
      .update(user.id, { password: PASSWORD, passwordConfirm: PASSWORD });
    user.direct = await this.signIn(user.email);
    this.event(`fault: ${user.email}'s tokens revoked`);
  }

  // A token that expires in a second and cannot be refreshed (the superuser's impersonation).
  private async expire(): Promise<void> {
    const client = this.pick(this.clients.filter((c) => c.process));
    if (!client || !this.serverUp) return;
    const answer = await this.server.admin.send<{ token: string; record: RecordModel }>(
      `/api/collections/users/impersonate/${client.user.id}`,
      { method: 'POST', body: { duration: 1 } },
    );
    client.auth = { token: answer.token, record: answer.record };
    await this.clientCall(client, { cmd: 'auth', ...client.auth }, 'gets a token that expires in 1 s');
  }

  private async signInAgain(client: Client): Promise<void> {
    if (!this.serverUp || !client.process) return;
    const pb = await this.signIn(client.user.email);
    client.auth = { token: pb.authStore.token, record: pb.authStore.record as RecordModel };
    await this.clientCall(client, { cmd: 'auth', ...client.auth }, 'signs in again');
  }

  // Makes sessions superuser-only for writes (a rule change), or restores the shipped rules.
  private async setLock(lock: boolean): Promise<void> {
    if (!this.serverUp) return;
    const rules = lock ? { createRule: null, updateRule: null, deleteRule: null } : this.rules;
    await this.server.admin.collections.update(COLLECTION, rules);
    this.locked = lock;
    this.lockedEver ||= lock;
    this.event(lock ? 'fault: sessions writes locked to superusers' : 'sessions rules restored');
  }

  // ---- healing and checking

  async heal(): Promise<void> {
    this.proxy.clear();
    if (!this.serverUp) await this.startServer();
    if (this.locked) await this.setLock(false);
    this.event('heal: faults cleared, server up, rules restored');
    for (const client of this.clients) {
      if (!client.process) await this.startClient(client);
      else await this.signInAgain(client);
    }
    await this.drainAll();
    // What the server refused (a rule lock) the user retries, oldest first: the model applies it last.
    for (const client of this.clients) {
      const failed = await client.process!.call<OutboxEntry[]>({ cmd: 'failed' });
      for (const entry of failed) {
        if (!this.lockedEver || entry.error?.status !== 403)
          this.violations.push({
            kind: 'refused without cause',
            where: `${client.name} ${entry.recordId}`,
            detail: `${entry.op} failed with ${JSON.stringify(entry.error)}`,
          });
        if (
          !(await this.clientCall(
            client,
            { cmd: 'retry', seq: entry.seq },
            `retries failed ${entry.op} ${entry.recordId}`,
          ))
        ) {
          this.violations.push({
            kind: 'retry refused',
            where: `${client.name} ${entry.recordId}`,
            detail: JSON.stringify(entry),
          });
          continue;
        }
        const fields = entry.op === 'delete' ? null : trackedFields(entry.body);
        this.model.wrote(
          entry.recordId,
          client.name,
          client.user.id,
          fields,
          `${this.now()} ${client.name} retries ${entry.op}`,
        );
      }
    }
    await this.drainAll();
  }

  // Two rounds: the second pulls what the other clients sent in the first.
  private async drainAll(): Promise<void> {
    for (let round = 0; round < 2; round++)
      for (const client of this.clients) {
        const drained = await client.process!.call<Drained>({ cmd: 'drain', timeoutMs: 60_000 }, 90_000);
        this.event(
          `${client.name} drained: ${drained.pending} pending, ${drained.failed.length} failed, ${drained.status}`,
        );
        for (const e of drained.errors)
          this.event(`  ${client.name} sync error: ${e.kind} ${e.id ?? ''} ${e.message}`);
        if (round === 1 && (drained.pending > 0 || drained.status === 'paused'))
          this.violations.push({ kind: 'not drained', where: client.name, detail: JSON.stringify(drained) });
      }
  }

  async check(): Promise<RunReport> {
    for (const user of this.users) {
      const server = await this.server.admin
        .collection(COLLECTION)
        .getFullList({ filter: `user = "${user.id}"`, requestKey: null });
      this.violations.push(...this.model.checkServer(user.id, server));
      const visible = await user.direct.collection(COLLECTION).getFullList({ sort: 'id', requestKey: null });
      for (const client of this.clients.filter((c) => c.user === user)) {
        const replica = await client.process!.call<RecordModel[]>({ cmd: 'dump' });
        this.violations.push(...checkReplica(client.name, replica, visible));
      }
    }
    return this.report();
  }

  /** The report so far, with `failure` added to the violations. */
  report(failure?: Violation): RunReport {
    if (failure) this.violations.push(failure);
    return {
      seed: this.options.seed,
      steps: this.options.steps,
      operations: this.operations,
      faults: this.faults,
      injected: this.proxy.stats.injected,
      violations: this.violations,
      events: this.events,
    };
  }

  // ---- pieces

  private async startServer(): Promise<void> {
    this.server = await startPocketBase({ port: this.port, dataDir: path.join(this.root, 'pb') });
    this.serverUp = true;
  }

  private async startClient(client: Client): Promise<void> {
    if (this.serverUp || !client.auth) {
      const pb = await this.signIn(client.user.email);
      client.auth = { token: pb.authStore.token, record: pb.authStore.record as RecordModel };
    }
    client.process = new ClientProcess(client.name);
    await client.process.call({ cmd: 'open', url: this.proxy.url, dir: client.dir, ...client.auth });
    this.event(`client ${client.name} started`);
  }

  private async signIn(email: string): Promise<PocketBase> {
    const pb = new PocketBase(this.server.url);
    pb.autoCancellation(false);
    await pb.collection('users').authWithPassword(email, PASSWORD);
    return pb;
  }

  // A client call that counts as a user's action: false (and logged) when the client refused it.
  private async clientCall(
    client: Client,
    command: Parameters<ClientProcess['call']>[0],
    what: string,
  ): Promise<boolean> {
    try {
      await client.process!.call(command);
      if (command.cmd === 'create' || command.cmd === 'update' || command.cmd === 'delete') this.operations++;
      this.event(`${client.name} ${what}`);
      return true;
    } catch (error) {
      this.event(`${client.name} ${what}: ${(error as Error).message.slice(0, 160)}`);
      return false;
    }
  }

  private event(line: string): void {
    const entry = `${this.now()} ${line}`;
    this.events.push(entry);
    this.options.log?.(entry);
  }

  private now(): string {
    return `+${((Date.now() - this.started) / 1000).toFixed(2)}s`;
  }

  private pick<T>(items: T[]): T | undefined {
    return items.length ? items[Math.floor(this.random() * items.length)] : undefined;
  }

  private newId(): string {
    let id = `cv${(++this.counter).toString(36)}`;
    while (id.length < 15) id += Math.floor(this.random() * 36).toString(36);
    return id;
  }

  private text(): string {
    return `t${Math.floor(this.random() * 1e6)}`;
  }

  private count(): number {
    return Math.floor(this.random() * 10_000);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The report as text: the figures, and on violations the seed, each violation and the event log. */
export function describe(report: RunReport): string {
  const head = `seed ${report.seed}: ${report.steps} steps, ${report.operations} writes, ${report.faults} fault steps, ${report.injected} requests faulted, ${report.violations.length} violations`;
  if (!report.violations.length) return head;
  return [
    head,
    `replay: npm run soak -- --seed ${report.seed} --steps ${report.steps} --runs 1`,
    ...report.violations.map((v) => `  ${v.kind} at ${v.where}: ${v.detail}`),
    'event log:',
    ...report.events.map((e) => `  ${e}`),
  ].join('\n');
}
