// The driver's side of one convergence client process (./client.ts): spawn, call, SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { Command, Reply } from './protocol.js';

const clientScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client.ts');

/** Distributes Omit over a union, so each command keeps its own fields. */
type WithoutN<T> = T extends unknown ? Omit<T, 'n'> : never;

/** A running client process; `call` rejects when it dies or does not answer in time. */
export class ClientProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  private next = 0;
  private readonly exited: Promise<void>;
  private stderr = '';
  /** Why the process ended, once it has. */
  death: string | null = null;

  constructor(readonly name: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', clientScript], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const reply = JSON.parse(line) as Reply;
      this.waiting.get(reply.n)?.resolve(reply);
      this.waiting.delete(reply.n);
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.death = `client ${name} exited (${signal ?? code}): ${this.stderr}`;
        for (const waiter of this.waiting.values()) waiter.reject(new Error(this.death));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  /** Sends a command; resolves with its result, rejects with the client's error. */
  async call<T = unknown>(command: WithoutN<Command>, timeoutMs = 30_000): Promise<T> {
    if (this.death) throw new Error(this.death);
    const n = ++this.next;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(n);
        reject(new Error(`client ${this.name}: ${command.cmd} took over ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (fn: (value: never) => void) => (value: never) => (clearTimeout(timer), fn(value));
      this.waiting.set(n, { resolve: done(resolve), reject: done(reject) });
      this.child.stdin!.write(`${JSON.stringify({ ...command, n })}\n`);
    });
    if (!reply.ok) throw new Error(`client ${this.name}: ${command.cmd} failed: ${reply.error}`);
    return reply.result as T;
  }

  /** SIGKILL, as a crash or a closed tab would end it. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Closes its stdin (it exits once idle), killing it if it lingers. */
  async stop(): Promise<void> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
