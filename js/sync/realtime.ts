import type { RecordSubscription, UnsubscribeFunc } from 'pocketbase';

import type { RecordModel } from '../model.js';
import { reportApplied } from './apply-report.js';
import type { SyncRuntime } from './context.js';
import { applyDeletes, applyTombstones } from './pull.js';

export interface RealtimeHandlers {
  /** Called on every PB_CONNECT after the first: events sent during the gap are lost. */
  onReconnect(): void;
  onDisconnect(): void;
}

/**
 * One SSE connection (the SDK's) subscribed to every synced collection and the tombstones feed.
 * Events go through the engine's idempotent apply, like pulled pages.
 */
export class RealtimeFeed {
  private unsubscribers: UnsubscribeFunc[] = [];
  private connectedOnce = false;

  constructor(
    private readonly rt: SyncRuntime,
    private readonly handlers: RealtimeHandlers,
  ) {}

  /** Subscribes; rejects when the connection cannot be established (the caller polls then). */
  async start(collections: string[], tombstones: string | null): Promise<void> {
    const pb = this.rt.pb;
    this.connectedOnce = false;
    pb.realtime.onDisconnect = (active) => {
      if (active.length > 0) this.handlers.onDisconnect();
    };
    try {
      this.unsubscribers.push(
        await pb.realtime.subscribe('PB_CONNECT', () => {
          if (this.connectedOnce) this.handlers.onReconnect();
          this.connectedOnce = true;
        }),
      );
      for (const collection of collections)
        this.unsubscribers.push(
          await pb.collection(collection).subscribe('*', (event) => this.onEvent(collection, event)),
        );
      const synced = new Set(collections);
      if (tombstones)
        this.unsubscribers.push(
          await pb.collection(tombstones).subscribe('*', (event) => {
            if (event.action === 'create') applyTombstones(this.rt, [event.record as never], synced);
          }),
        );
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const unsubscribers = this.unsubscribers;
    this.unsubscribers = [];
    this.rt.pb.realtime.onDisconnect = undefined;
    await Promise.allSettled(unsubscribers.map((unsubscribe) => unsubscribe()));
  }

  get active(): boolean {
    return this.unsubscribers.length > 0 && this.rt.pb.realtime.isConnected;
  }

  private onEvent(collection: string, event: RecordSubscription<RecordModel>): void {
    const { metrics } = this.rt;
    metrics.eventsReceived++;
    try {
      if (event.action === 'delete') {
        const removed = applyDeletes(this.rt, collection, [
          { id: event.record.id, version: String(event.record.updated ?? '') },
        ]);
        if (removed > 0) metrics.eventsApplied++;
        else metrics.eventsDuplicate++;
        return;
      }
      const result = this.rt.engine.upsert(collection, JSON.stringify(event.record));
      const changed = reportApplied(this.rt, collection, result);
      if (result.failed.length > 0) metrics.eventsFailed++;
      else if (changed > 0) metrics.eventsApplied++;
      else metrics.eventsDuplicate++;
    } catch (error) {
      metrics.eventsFailed++;
      this.rt.emitError({
        kind: 'realtime',
        collection,
        id: event.record?.id,
        message: `could not apply a realtime ${event.action} of ${collection}: ${(error as Error).message}`,
        error: { message: (error as Error).message },
      });
    }
  }
}
