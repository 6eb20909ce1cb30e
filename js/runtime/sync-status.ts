// The sync part of a replica's status (what useSyncStatus and the runtime's status show): the
// sync's state and progress, its last error, and the outbox's pending and failed counts.
import type { OutboxEntry } from '../model.js';
import type { Sync } from '../sync/sync.js';
import type { RuntimeStatus } from './protocol.js';

export type SyncStatusPart = NonNullable<RuntimeStatus['sync']>;

/** Follows one replica's sync and outbox; `onChange` runs (at most once per task) after each change. */
export class SyncTracker {
  state: SyncStatusPart = { status: 'off', pending: 0, failed: 0 };
  private queued = false;
  private recheck: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly replica: { outbox(): Promise<OutboxEntry[]> },
    private readonly onChange: () => void,
  ) {}

  /** Reports this sync's status, progress and errors from now on. */
  follow(sync: Sync): void {
    sync.onStatus(({ status, reason }) =>
      this.set({ status, reason, problems: sync.problems, capabilities: sync.capabilities }),
    );
    sync.onProgress((progress) => this.set({ progress }));
    sync.onError((event) => this.set({ lastError: event.message }));
    this.state = { ...this.state, status: sync.status };
  }

  /** Merges a change into the state and reports it. */
  set(change: Partial<SyncStatusPart>): void {
    this.state = { ...this.state, ...change };
    this.changed();
  }

  /** Recounts the outbox and reports (coalesced to once per task): after writes, retries, discards. */
  changed(): void {
    if (this.queued || this.stopped) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      void this.refresh().then(() => this.stopped || this.onChange());
    }, 0);
  }

  /** Counts pending and failed outbox entries now. */
  async refresh(): Promise<void> {
    try {
      const entries = await this.replica.outbox();
      const failed = entries.filter((entry) => entry.state === 'failed').length;
      this.state = { ...this.state, pending: entries.length - failed, failed };
      // Uploads drain without an event of their own: look again while any are waiting.
      if (entries.length > 0 && !this.recheck && !this.stopped) {
        this.recheck = setTimeout(() => ((this.recheck = null), this.changed()), 1000);
      }
    } catch {
      // The replica closed meanwhile: nothing to count.
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.recheck) clearTimeout(this.recheck);
  }
}
