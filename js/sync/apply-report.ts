import type { ServerApplyResult } from '../model.js';
import type { SyncRuntime } from './context.js';

/**
 * What the sync does with the outcome of applying server records, beyond the changes themselves
 * (those went to the replica's change sink with the call): error events for records that failed
 * local checks, the health's problems, and conflict resolutions. Returns how many records changed
 * the replica.
 */
export function reportApplied(rt: SyncRuntime, collection: string, result: ServerApplyResult): number {
  rt.health.noteApplied(collection, result);
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
  return result.created + result.updated + result.merged;
}

/** How many records a server apply saw: applied, skipped and failed. */
export function recordsSeen(result: ServerApplyResult): number {
  return (
    result.created + result.updated + result.merged + result.duplicate + result.stale + result.failed.length
  );
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
