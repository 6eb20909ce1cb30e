import type { ChangeAction, ChangeEvent, RecordModel } from './model.js';

export type { ChangeAction, ChangeEvent } from './model.js';

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
