import { changeEvent, Listeners } from './changes.js';
import type { EffectOrigin } from './engine/engine.js';
import { LiveQueries } from './live-queries.js';
import type { ChangeEvent, Effects, Unsubscribe } from './model.js';
import { ENGINE } from './wasm/constants.js';

/**
 * The one place committed changes go. Every engine call that commits hands its effects here (see
 * EngineConnection), whoever made it (a local write, a sync page, a realtime event, a schema
 * change); from here the live queries reading a changed table re-run, change listeners hear of
 * each record, and the sync learns that local writes wait in the outbox.
 */
export class ChangeSink {
  /** The replica's live queries (RecordService.watchList and friends, rollups, watchers). */
  readonly live = new LiveQueries();
  private readonly changes = new Listeners<ChangeEvent>();
  private readonly outbox = new Listeners<void>();

  /** `reportValues` tells the engine whether effects must carry records' values (someone listens). */
  constructor(private readonly reportValues: (on: boolean) => void) {}

  /** What one committed call did. */
  deliver(effects: Effects, origin: EffectOrigin): void {
    this.live.rerun(effects.tables);
    if (this.changes.size > 0)
      for (const { collection, action, id, record } of effects.records)
        this.changes.emit(changeEvent(collection, action, id, record ?? null, origin));
    if (origin === 'local' && effects.tables.includes(ENGINE.outboxTable)) this.outbox.emit();
  }

  /** Every change to a record; the engine reports values only while someone listens. */
  onChange(listener: (event: ChangeEvent) => void): Unsubscribe {
    const stop = this.changes.add(listener);
    if (this.changes.size === 1) this.reportValues(true);
    return () => {
      const had = this.changes.size;
      stop();
      if (had === 1 && this.changes.size === 0) this.reportValues(false);
    };
  }

  /** Told when local writes enter the outbox (the sync flushes then). */
  onOutbox(listener: () => void): Unsubscribe {
    return this.outbox.add(listener);
  }

  clear(): void {
    this.live.clear();
    this.changes.clear();
    this.outbox.clear();
  }
}
