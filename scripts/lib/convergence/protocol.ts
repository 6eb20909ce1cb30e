// What the convergence checker's driver (scripts/lib/convergence/run.ts) and its client processes
// (scripts/lib/convergence/client.ts) say to each other: one JSON object a line, each way.
import type { OutboxEntry, SyncErrorEvent } from '../../../js/index.js';

/** The collection the checker writes: every client owns some of its records, the superuser others. */
export const COLLECTION = 'sessions';

/** The fields a record of the checker carries besides id and user. */
export interface Fields {
  externalId: string;
  title: string;
  totalTokens: number;
  summary: string;
}

/** A driver's request; `n` pairs it with its reply. */
export type Command =
  | { n: number; cmd: 'open'; url: string; dir: string; token: string; record: Record<string, unknown> }
  | { n: number; cmd: 'create'; id: string; fields: Fields }
  | { n: number; cmd: 'update'; id: string; fields: Partial<Fields> }
  | { n: number; cmd: 'delete'; id: string }
  | { n: number; cmd: 'auth'; token: string; record: Record<string, unknown> }
  | { n: number; cmd: 'reconcile' }
  | { n: number; cmd: 'failed' }
  | { n: number; cmd: 'retry'; seq: number }
  | { n: number; cmd: 'drain'; timeoutMs: number }
  | { n: number; cmd: 'dump' };

/** A client's answer: the result, or the error its call threw. */
export type Reply = { n: number; ok: true; result?: unknown } | { n: number; ok: false; error: string };

/** What `drain` reports: the outbox left and the sync's state once nothing more was moving. */
export interface Drained {
  pending: number;
  failed: OutboxEntry[];
  status: string;
  errors: SyncErrorEvent[];
}
