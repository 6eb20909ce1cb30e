// One progress bar for a whole pull pass: each collection's counts add up, against the records
// the server says the pass will bring, with an estimate of the time left.
import type { SyncProgress, SyncRuntime } from './context.js';
import { recordsPath, requestJson } from './http.js';

/** The whole pass so far: what `SyncProgress.overall` reports. */
export class PassProgress {
  private finished = 0;
  private readonly started = performance.now();

  /** `expected`: records per collection the pass will pull (a collection absent: unknown). */
  constructor(private readonly expected: Map<string, number>) {}

  /** The records the server will send for each collection's first page filter, in parallel: one cheap request each. */
  static async measure(rt: SyncRuntime, filters: Map<string, string>): Promise<PassProgress> {
    const expected = new Map<string, number>();
    await Promise.all(
      [...filters].map(async ([collection, filter]) => {
        try {
          const page = await requestJson<{ totalItems: number }>(rt, recordsPath(collection), {
            query: { perPage: 1, fields: 'id', filter },
            timeoutMs: rt.timeoutMs,
          });
          expected.set(collection, page.totalItems);
        } catch {
          // Unknown for this collection: the pull itself reports what goes wrong.
        }
      }),
    );
    return new PassProgress(expected);
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
