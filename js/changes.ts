import type { RecordModel } from './record-service.js';

/** What happened to a record, as the app sees it. */
export type ChangeAction = 'created' | 'updated' | 'deleted';

/**
 * A normalised change event: `type` is `<collection>:<action>`. `origin` says whether this
 * replica made the change (`local`, applied optimistically) or learned it from the server.
 * Server events are de-duplicated by (id, updated): a version is reported once, however many
 * times it arrives (realtime, then a catch-up pull).
 */
export interface ChangeEvent<T extends RecordModel = RecordModel> {
  type: `${string}:${ChangeAction}`;
  collection: string;
  id: string;
  /** The record after the change (its last state for a delete; null when unknown). */
  record: T | null;
  /** When the replica applied it (ms since the epoch). */
  ts: number;
  origin: 'local' | 'server';
}

/** Builds a change event. */
export function changeEvent(
  collection: string,
  action: ChangeAction,
  id: string,
  record: RecordModel | null,
  origin: ChangeEvent['origin'],
): ChangeEvent {
  return { type: `${collection}:${action}`, collection, id, record, ts: Date.now(), origin };
}

/** A set of listeners; a throwing listener does not stop the others. */
export class Listeners<E> {
  private readonly set = new Set<(event: E) => void>();

  add(listener: (event: E) => void): () => void {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.set) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get size(): number {
    return this.set.size;
  }

  clear(): void {
    this.set.clear();
  }
}
