import type { OutboxSend, RecordModel } from '../model.js';
import type { AuthVerdict } from './auth.js';
import type { SyncRuntime } from './context.js';
import { AuthChanged, recordsPath, requestJson, SyncHttpError } from './http.js';

/** Thrown when sending must wait: the network or server is unavailable, or auth is gone. */
export class FlushInterrupted extends Error {
  override readonly name = 'FlushInterrupted';
  constructor(
    readonly reason: 'transient' | 'auth',
    readonly retryAfter: number | null,
    readonly cause: SyncHttpError,
  ) {
    super(`outbox flush interrupted (${reason}): ${cause.message}`);
  }
}

export interface FlushOptions {
  /** Use POST /api/batch (true), never (false), or when the server allows it ('auto'). */
  batch: boolean | 'auto';
  batchSize: number;
  /** Confirms the user's token with the server (see AuthVerdict). */
  verifyAuth(): Promise<AuthVerdict>;
}

/**
 * Sends the outbox in order until it is empty. Every answer settles entries in the engine:
 * acknowledged (the server's record becomes the local one), failed for good (reverted to the
 * server's state, listed as failed, an error event names the record and field), or queued again
 * (FlushInterrupted is thrown so the caller can back off).
 */
export class OutboxFlusher {
  private batchWorks: boolean | null;

  /** Whether the server takes POST /api/batch (null until the first batch was tried). */
  get batchAvailable(): boolean | null {
    return this.batchWorks;
  }
  /** The token the requests in flight carry: an answer to another token says nothing of this one. */
  private sentWith = '';

  constructor(
    private readonly rt: SyncRuntime,
    private readonly options: FlushOptions,
  ) {
    this.batchWorks = options.batch === 'auto' ? null : options.batch;
  }

  /** Sends until the outbox is empty: one request at a time, in order. */
  async flush(): Promise<number> {
    let sent = 0;
    for (;;) {
      const useBatch = this.batchWorks !== false;
      const sends = this.rt.engine.outboxTake(useBatch ? this.options.batchSize : 1);
      if (sends.length === 0) return sent;
      try {
        this.sentWith = this.rt.token();
        if (useBatch) await this.sendBatch(sends);
        else await this.sendOne(sends[0]!);
      } finally {
        this.requeueUnsettled(sends);
      }
      sent += sends.length;
    }
  }

  private readonly settled = new Set<number>();

  private async sendOne(send: OutboxSend): Promise<void> {
    try {
      const record = await requestJson<RecordModel | null>(this.rt, ...this.request(send));
      this.ack(send, record);
    } catch (error) {
      await this.settleFailure(send, toHttpError(error));
    }
  }

  private async sendBatch(sends: OutboxSend[]): Promise<void> {
    const requests = sends.map((send) => {
      const [path, init] = this.request(send);
      return { method: init.method, url: path, body: init.body };
    });
    let results: Array<{ status: number; body: RecordModel | null }>;
    try {
      results = await requestJson(this.rt, '/api/batch', {
        method: 'POST',
        body: { requests },
        timeoutMs: this.rt.timeoutMs,
      });
    } catch (error) {
      return this.settleBatchFailure(sends, toHttpError(error));
    }
    this.batchWorks = true;
    this.ackAll(
      sends,
      sends.map((_, i) => results[i]?.body ?? null),
    );
  }

  private async settleBatchFailure(sends: OutboxSend[], http: SyncHttpError): Promise<void> {
    if (http.status === 403 && this.batchWorks === null) {
      this.rt.logger.info('the server has the batch API disabled: sending one by one');
      this.batchWorks = false;
      return; // the entries are queued again by flush()
    }
    if (http.transient || http.status === 401) return this.settleFailure(sends[0]!, http);
    const failures = batchFailures(http);
    if (!failures) {
      // Refused as a whole (too many requests, too large): the entries go one by one.
      this.rt.logger.warn(`batch refused (${http.status}: ${http.message}): sending one by one`);
      this.batchWorks = false;
      return;
    }
    // The batch rolled back: settle the failing request, queue the others again.
    for (const [index, response] of failures) {
      const send = sends[index];
      if (send) await this.settleFailure(send, new SyncHttpError(response.status ?? 400, response));
    }
  }

  private request(send: OutboxSend): [string, { method: string; body?: unknown; timeoutMs: number }] {
    const timeoutMs = this.rt.timeoutMs;
    if (send.op === 'create')
      return [recordsPath(send.collection), { method: 'POST', body: send.body, timeoutMs }];
    if (send.op === 'update')
      return [recordsPath(send.collection, send.recordId), { method: 'PATCH', body: send.body, timeoutMs }];
    return [recordsPath(send.collection, send.recordId), { method: 'DELETE', timeoutMs }];
  }

  private ack(send: OutboxSend, server: RecordModel | null): void {
    this.ackAll([send], [server]);
  }

  // One engine call for every answer of a request: a batch of 100 is one transaction, not 100.
  private ackAll(sends: OutboxSend[], servers: Array<RecordModel | null>): void {
    this.rt.engine.outboxAck(
      sends.map((send, i) => ({
        seqs: send.seqs,
        server: send.op === 'delete' ? null : (servers[i] ?? null),
      })),
    );
    for (const send of sends) this.settled.add(send.seqs[0]!);
    this.rt.metrics.outboxSent += sends.length;
  }

  // Decides what a refusal means. Nothing is reverted or deleted on an answer that could come
  // from a revoked or expired token (PocketBase answers those as to a guest: 404s, 400s, 403s):
  // the token is verified with the server first, and the record re-read where the status alone
  // cannot tell.
  private async settleFailure(send: OutboxSend, error: SyncHttpError): Promise<void> {
    // Sent with a token since replaced (a sign-in while it was in flight): a guest's answer, maybe.
    if (error.transient || this.rt.token() !== this.sentWith) return this.interrupt(error);
    await this.requireVerifiedAuth(error);
    if (error.status === 401) return this.interrupt(error); // the token was renewed: send again
    const server = await this.readServer(send);
    // A replayed create whose first answer was lost is answered "taken" (or 403, while a rule
    // forbids creates): the record is there, so it is done.
    if (send.op === 'create' && server) return this.ack(send, server);
    // A delete refused while the record is gone (or hidden from the user) has done its work: a
    // replayed delete that the server applied the first time is answered 404, or 403 by a rule.
    if (send.op === 'delete' && !server) return this.ack(send, null);
    return this.fail(send, error, server);
  }

  // Throws unless the server has just renewed the user's token: `invalid` pauses the sync (the
  // user must sign in again), `unknown` is retried later like any transient failure.
  private async requireVerifiedAuth(error: SyncHttpError): Promise<void> {
    const verdict = await this.options.verifyAuth();
    if (verdict === 'invalid') throw new FlushInterrupted('auth', null, error);
    if (verdict === 'unknown') this.interrupt(error);
  }

  private async readServer(send: OutboxSend): Promise<RecordModel | null> {
    try {
      return await requestJson<RecordModel>(this.rt, recordsPath(send.collection, send.recordId), {
        timeoutMs: this.rt.timeoutMs,
      });
    } catch (error) {
      const http = toHttpError(error);
      if (http.status === 404) return null;
      return this.interrupt(http);
    }
  }

  private fail(send: OutboxSend, error: SyncHttpError, server: RecordModel | null): void {
    const envelope = {
      status: error.status,
      message: error.response.message ?? error.message,
      data: error.response.data ?? {},
    };
    const { superseded } = this.rt.engine.outboxFail(send.seqs, envelope, server);
    this.settled.add(send.seqs[0]!);
    if (superseded) return; // a later delete of the record stands: nothing the user wanted failed
    this.rt.metrics.outboxFailed++;
    const field = Object.keys(envelope.data)[0];
    this.rt.emitError({
      kind: 'push',
      collection: send.collection,
      id: send.recordId,
      field,
      message: `the server refused the ${send.op} of ${send.collection}/${send.recordId}${field ? ` (field '${field}')` : ''}: ${envelope.message}`,
      error: envelope,
    });
  }

  private interrupt(error: SyncHttpError): never {
    this.rt.metrics.outboxRetried++;
    throw new FlushInterrupted('transient', error.retryAfter, error);
  }

  // Entries taken but not settled (interrupted, rolled back with a batch) go back to the queue.
  private requeueUnsettled(sends: OutboxSend[]): void {
    const seqs = sends.filter((s) => !this.settled.has(s.seqs[0]!)).flatMap((s) => s.seqs);
    this.settled.clear();
    if (seqs.length > 0) this.rt.engine.outboxRequeue(seqs, undefined);
  }
}

/** The per-request failures of a rolled-back batch, by request index. */
function batchFailures(
  error: SyncHttpError,
): Array<[number, { status?: number; message?: string; data?: Record<string, unknown> }]> | null {
  const requests = error.response.data?.requests as
    Record<string, { response?: SyncHttpError['response'] }> | undefined;
  if (!requests || typeof requests !== 'object') return null;
  const out: Array<[number, SyncHttpError['response']]> = [];
  for (const [index, failure] of Object.entries(requests))
    if (failure?.response) out.push([Number(index), failure.response]);
  return out.length > 0 ? out : null;
}

function toHttpError(error: unknown): SyncHttpError {
  if (error instanceof SyncHttpError) return error;
  if (error instanceof FlushInterrupted || error instanceof AuthChanged) throw error;
  return new SyncHttpError(0, { message: (error as Error)?.message ?? String(error) }, null, error);
}
