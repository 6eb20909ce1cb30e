// One progress bar for a whole pull pass: each collection's counts add up, against the records
// the server says the pass will bring, with an estimate of the time left. The bar's fraction and
// the estimate weigh each record by its collection's size (a session embedding is a hundred
// times a message's bytes), so a pass does not look nearly done with its heaviest part ahead.
import type { SyncProgress, SyncRuntime } from './context.js';
import { recordsPath, requestJson, SyncHttpError } from './http.js';

/** The whole pass so far: what `SyncProgress.overall` reports. */
export class PassProgress {
  /** Records pulled by each finished collection. */
  private readonly finished = new Map<string, number>();
  private readonly started = performance.now();

  /**
   * `expected`: records per collection the pass will pull (a collection absent: unknown);
   * `refused`: the collections whose count the server refused or answered with garbage;
   * `recordBytes`: the JSON size of one record of each collection (a sample), for the weights.
   */
  constructor(
    private readonly expected: Map<string, number>,
    private readonly refused = new Map<string, unknown>(),
    private readonly recordBytes = new Map<string, number>(),
  ) {}

  /**
   * The records the server will send for each collection's first page filter, in parallel: one
   * cheap request each. A count is the collection's first request of the pass, so what the server
   * says to it (a 404, a malformed body) is kept for the pull to report, never swallowed.
   */
  static async measure(rt: SyncRuntime, filters: Map<string, string>): Promise<PassProgress> {
    const expected = new Map<string, number>();
    const refused = new Map<string, unknown>();
    const recordBytes = new Map<string, number>();
    await Promise.all(
      [...filters].map(async ([collection, filter]) => {
        try {
          // One whole record comes along: its size weighs the collection's records.
          const page = await requestJson<{ totalItems: number; items: unknown[] }>(
            rt,
            recordsPath(collection),
            {
              query: { perPage: 1, filter },
              timeoutMs: rt.timeoutMs,
            },
          );
          expected.set(collection, page.totalItems);
          if (page.items?.[0]) recordBytes.set(collection, JSON.stringify(page.items[0]).length);
        } catch (error) {
          // A network failure leaves the count unknown: the pull meets it again and says so.
          if (error instanceof SyncHttpError && (!error.transient || error.kind === 'malformed'))
            refused.set(collection, error);
        }
      }),
    );
    return new PassProgress(expected, refused, recordBytes);
  }

  /** What the server said instead of `collection`'s count, when it refused it. */
  refusal(collection: string): unknown {
    return this.refused.get(collection);
  }

  /** `collection`'s pull finished with `done` records. */
  finish(collection: string, done: number): void {
    this.finished.set(collection, done);
  }

  /** `progress` of the collection being pulled, with the whole pass's. */
  with(progress: SyncProgress): SyncProgress {
    const current = new Map(this.finished).set(progress.collection, progress.done);
    const done = sum([...current.values()]);
    const total = this.expected.size === 0 ? -1 : Math.max(done, sum([...this.expected.values()]));
    // By weight: records times their collection's record size (the mean sample where none).
    const mean = sum([...this.recordBytes.values()]) / Math.max(1, this.recordBytes.size) || 1;
    const weight = (collection: string, records: number) =>
      records * (this.recordBytes.get(collection) ?? mean);
    const collections = new Set([...this.expected.keys(), ...current.keys()]);
    const weightDone = sum([...current].map(([c, n]) => weight(c, n)));
    const weightTotal = sum(
      [...collections].map((c) => weight(c, Math.max(this.expected.get(c) ?? 0, current.get(c) ?? 0))),
    );
    const fraction = total > 0 && weightTotal > 0 ? Math.min(1, weightDone / weightTotal) : 0;
    const elapsed = performance.now() - this.started;
    const etaMs =
      total > 0 && weightDone > 0 ? Math.round((elapsed / weightDone) * (weightTotal - weightDone)) : null;
    return { ...progress, overall: { done, total, fraction, etaMs } };
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
