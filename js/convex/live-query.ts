// A registered query kept live: it runs, records what it read, watches exactly that, and after a
// change asks those reads again; only when one answers differently does the function run again.
import type { Unsubscribe } from '../model.js';
import type { LiveStart } from '../react/live-store.js';
import type { ReplicaSource } from '../source.js';
import type { QueryReference } from './functions.js';
import { answersUnchanged, recordingReplica, watchedReads, type RecordedRead } from './reads.js';

/** Runs `ref` once on `replica` (reads shaped as it declares): what runQuery and mutations use. */
export function runOnce<Args, Result>(
  replica: ReplicaSource,
  userId: string | null,
  ref: Pick<QueryReference<Args, Result>, 'run' | 'documents'>,
  args: Args,
): Promise<Result> {
  // Nothing watches a single run's reads: only Convex-shaped documents need the wrapper.
  const db = ref.documents === 'convex' ? recordingReplica(replica, [], ref.documents) : replica;
  return ref.run({ db, userId }, args);
}

/** Starts `ref` with `args` as a live value. */
export function liveQuery<Args, Result>(
  replica: ReplicaSource,
  userId: string | null,
  ref: QueryReference<Args, Result>,
  args: Args,
): LiveStart<Result> {
  return (push, fail) => {
    let stopped = false;
    let log: RecordedRead[] = [];
    let watching: { key: string; stop: Unsubscribe } | null = null;
    // Work never overlaps: 1 asks the reads again, 2 runs the function; the larger request wins.
    let busy = false;
    let wanted = 0;

    const run = async () => {
      const reads: RecordedRead[] = [];
      try {
        const value = await ref.run({ db: recordingReplica(replica, reads, ref.documents), userId }, args);
        if (!stopped) push(value);
      } catch (error) {
        if (!stopped) fail(error);
      }
      log = reads;
      watch();
    };
    const watch = () => {
      const reads = watchedReads(log);
      const key = JSON.stringify(reads);
      if (stopped || watching?.key === key) return;
      watching?.stop();
      try {
        // Its first report comes at once, and asks the reads again: a write that landed between
        // the run and this watch is not missed.
        watching = { key, stop: replica.watchChanges(reads, () => want(1), fail) };
      } catch (error) {
        watching = null;
        fail(error);
      }
    };
    const pump = async () => {
      busy = true;
      while (wanted > 0 && !stopped) {
        const level = wanted;
        wanted = 0;
        if (level === 1 && (await answersUnchanged(log))) continue;
        if (!stopped) await run();
      }
      busy = false;
    };
    const want = (level: number) => {
      wanted = Math.max(wanted, level);
      if (!busy) void pump();
    };

    want(2);
    return () => {
      stopped = true;
      watching?.stop();
    };
  };
}
