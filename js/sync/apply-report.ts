import { changeEvent } from '../changes.js';
import type { ServerApplyResult } from '../engine/engine.js';
import type { RecordModel } from '../record-service.js';
import type { RecordsAt, SyncRuntime } from './context.js';

/**
 * Turns what the engine did with server records into change events (one per new version: the
 * engine already dropped duplicates by (id, updated)), error events for records that failed
 * local checks, and conflict resolutions. Returns how many records changed the replica.
 */
export function reportApplied(
  rt: SyncRuntime,
  collection: string,
  result: ServerApplyResult,
  recordAt: RecordsAt,
): number {
  let changed = 0;
  const listening = rt.wantsChanges();
  for (let i = 0; i < result.outcomes.length; i++) {
    const outcome = result.outcomes[i];
    if (outcome !== 'c' && outcome !== 'u' && outcome !== 'm') continue;
    changed++;
    if (!listening) continue;
    const sent = recordAt(i);
    // A merged record is shown as the replica holds it: server fields under pending local ones.
    const record = outcome === 'm' && sent ? localRecord(rt, collection, sent.id) : sent;
    if (record) {
      const action = outcome === 'c' ? 'created' : 'updated';
      rt.emitChange(changeEvent(collection, action, record.id, record, 'server'));
    }
  }
  rt.health.noteApplied(collection, result, recordAt);
  rt.metrics.recordsRejected += result.failed.length;
  for (const failure of result.failed) {
    const field = Object.keys(failure.error.data ?? {})[0];
    rt.emitError({
      kind: 'apply',
      collection,
      id: failure.id ?? undefined,
      field,
      message: `record ${failure.id ?? `#${failure.index}`} from the server does not fit '${collection}': ${failure.error.message}`,
      error: failure.error,
    });
  }
  for (const conflict of result.conflicts) void resolveConflict(rt, conflict);
  return changed;
}

/** The record as the replica holds it, or null when it holds none (deleted, its delete queued). */
export function localRecord(rt: SyncRuntime, collection: string, id: string): RecordModel | null {
  try {
    return JSON.parse(rt.engine.getOneJson(collection, id));
  } catch {
    return null;
  }
}

// The app's resolver may pick another value than the local one: that becomes a local write.
async function resolveConflict(
  rt: SyncRuntime,
  conflict: ServerApplyResult['conflicts'][number],
): Promise<void> {
  const resolver = rt.resolvers[conflict.collection];
  rt.logger.debug(`conflict on ${conflict.collection}/${conflict.id}.${conflict.field}`, conflict);
  if (!resolver) return;
  try {
    const value = resolver(conflict);
    if (value === undefined || JSON.stringify(value) === JSON.stringify(conflict.local)) return;
    await rt.writeLocal(conflict.collection, conflict.id, { [conflict.field]: value });
  } catch (error) {
    rt.logger.warn(`conflict resolver for ${conflict.collection} failed`, error);
  }
}
