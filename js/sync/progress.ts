// One progress bar for a whole pull pass: each collection's counts add up, against the records
// the server says the pass will bring, with an estimate of the time left.
import type { SyncProgress, SyncRuntime } from './context.js';
import { recordsPath, requestJson, SyncHttpError } from './http.js';

/** The whole pass so far: what `SyncProgress.overall` reports. */
export class PassProgress {
  private finished = 0;
  private readonly started = performance.now();

  /**
   * `expected`: records per collection the pass will pull (a collection absent: unknown);
   * `refused`: the collections whose count the server refused or answered with garbage.
   */
  constructor(
    private readonly expected: Map<string, number>,
    private readonly refused = new Map<string, unknown>(),
  ) {}

  /**
   * The records the server will send for each collection's first page filter, in parallel: one
   * cheap request each. A count is the collection's first request of the pass, so what the server
   * says to it (a 404, a malformed body) is kept for the pull to report, never swallowed.
   */
  static async measure(rt: SyncRuntime, filters: Map<string, string>): Promise<PassProgress> {
    const expected = new Map<string, number>();
    const refused = new Map<string, unknown>();
    await Promise.all(
      [...filters].map(async ([collection, filter]) => {
        try {
          const page = await requestJson<{ totalItems: number }>(rt, recordsPath(collection), {
            query: { perPage: 1, fields: 'id', filter },
            timeoutMs: rt.timeoutMs,
          });
          expected.set(collection, page.totalItems);
        } catch (error) {
          // A network failure leaves the count unknown: the pull meets it again and says so.
          if (error instanceof SyncHttpError && (!error.transient || error.kind === 'malformed'))
            refused.set(collection, error);
        }
      }),
    );
    return new PassProgress(expected, refused);
  }

  /** What the server said instead of `collection`'s count, when it refused it. */
  refusal(collection: string): unknown {
    return this.refused.get(collection);
  }

  /** A collection's pull finished with `done` records. */
  finish(done: number): void {
    this.finished += done;
  }

  /** `progress` of the collection being pulled, with the whole pass's. */
  with(progress: SyncProgress): SyncProgress {
    const done = this.finished + progress.done;
    const total =
      this.expected.size === 0
        ? -1
        : Math.max(
            done,
            [...this.expected.values()].reduce((a, b) => a + b, 0),
          );
    const elapsed = performance.now() - this.started;
    const etaMs = total > 0 && done > 0 ? Math.round((elapsed / done) * Math.max(0, total - done)) : null;
    return { ...progress, overall: { done, total, etaMs } };
  }
}
