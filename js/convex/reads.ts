// The reads a query function makes, recorded at the replica's interface: every call of
// CollectionSource and ReplicaSource is either a read (what it watches comes from
// js/call-reads.ts, which lists them all) or a write, so no read can go unrecorded whatever API
// the function uses. Each read keeps its answer, so after a change the reads can be asked again
// and the function re-run only when one of them answers differently.
import { COLLECTION_CALL_READS, REPLICA_CALL_READS } from '../call-reads.js';
import type { ChangeRead } from '../model.js';
import { Query } from '../query.js';
import type { CollectionSource, ReplicaSource } from '../source.js';
import { convexShaped } from './documents.js';
import type { DocumentShape } from './functions.js';

/** One read a query made: what it watches, its answer, and how to ask again (null: it cannot be). */
export interface RecordedRead {
  watch: ChangeRead[];
  answer: string;
  again: (() => Promise<unknown>) | null;
}

type Calls = Record<string, (...args: unknown[]) => unknown>;
type ReadsTable = Record<string, ((...args: never[]) => ChangeRead[]) | null>;

// A read's answer as text to compare: its JSON, or its error's.
function answerOf(outcome: { value: unknown } | { error: unknown }): string {
  if ('error' in outcome) {
    const { status, message } = outcome.error as { status?: number; message?: string };
    return `error ${status ?? ''} ${message ?? String(outcome.error)}`;
  }
  try {
    return JSON.stringify(outcome.value) ?? 'undefined';
  } catch {
    return `unserializable ${Math.random()}`; // never equal: such a read always re-runs its query
  }
}

// Arguments holding a function (hybridSearch's `embed`) cannot be replayed without calling it.
const holdsFunction = (value: unknown, depth = 0): boolean =>
  typeof value === 'function' ||
  (depth < 3 &&
    value !== null &&
    typeof value === 'object' &&
    !ArrayBuffer.isView(value) &&
    Object.values(value).some((item) => holdsFunction(item, depth + 1)));

// `target`'s calls, each read recorded in `log` (writes pass through), results shaped.
function recording(
  target: Calls,
  table: ReadsTable,
  watched: (reads: (...args: never[]) => ChangeRead[], args: unknown[]) => ChangeRead[],
  log: RecordedRead[],
  shape: (value: unknown) => unknown,
): Calls {
  const wrapped: Calls = Object.create(target);
  for (const [method, reads] of Object.entries(table)) {
    const call = (...args: unknown[]) => target[method]!.apply(target, args) as Promise<unknown>;
    wrapped[method] = !reads
      ? call
      : async (...args: unknown[]) => {
          const read = {
            watch: watched(reads, args),
            again: holdsFunction(args) ? null : () => call(...args),
          };
          try {
            const value = await call(...args);
            log.push({ ...read, answer: answerOf({ value }) });
            return shape(value);
          } catch (error) {
            log.push({ ...read, answer: answerOf({ error }) });
            throw error;
          }
        };
  }
  return wrapped;
}

/**
 * `replica` as a query function sees it: each read is recorded in `log`; with `documents:
 * 'convex'` every record it returns is a Convex document (js/convex/documents.ts).
 */
export function recordingReplica(
  replica: ReplicaSource,
  log: RecordedRead[],
  documents: DocumentShape,
): ReplicaSource {
  const shape = documents === 'convex' ? convexShaped : (value: unknown) => value;
  const collection = (name: string) => {
    const records = recording(
      replica.collection(name) as unknown as Calls,
      COLLECTION_CALL_READS as ReadsTable,
      (reads, args) => (reads as (...a: unknown[]) => ChangeRead[])(name, ...args),
      log,
      shape,
    );
    // The query builder runs through the recorded calls.
    records.query = () => Query.on(records as unknown as CollectionSource<never>);
    return records;
  };
  const wrapped = recording(
    replica as unknown as Calls,
    REPLICA_CALL_READS as ReadsTable,
    (reads, args) => (reads as (...a: unknown[]) => ChangeRead[])(...args),
    log,
    shape,
  );
  wrapped.collection = collection as Calls[string];
  return wrapped as unknown as ReplicaSource;
}

/** True when every read answers as it did (replayed now); false at the first that does not. */
export async function answersUnchanged(log: RecordedRead[]): Promise<boolean> {
  for (const read of log) {
    if (!read.again) return false;
    let answer: string;
    try {
      answer = answerOf({ value: await read.again() });
    } catch (error) {
      answer = answerOf({ error });
    }
    if (answer !== read.answer) return false;
  }
  return true;
}

/** The distinct reads of a log, in order: what its query watches. */
export function watchedReads(log: RecordedRead[]): ChangeRead[] {
  const seen = new Map<string, ChangeRead>();
  for (const read of log) for (const item of read.watch) seen.set(JSON.stringify(item), item);
  return [...seen.values()];
}
