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
  /** Who asked for records' ids (the sync, while records it refused stand). */
  private idsWanted = 0;
  private detail: number = ENGINE.effectDetail.tables;

  /** `setDetail` tells the engine how much effects must say of records (ENGINE.effectDetail). */
  constructor(private readonly setDetail: (detail: number) => void) {}

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
    this.updateDetail();
    return () => {
      stop();
      this.updateDetail();
    };
  }

  /** Asks for the ids of the records each write changes, until the returned function is called. */
  wantIds(): Unsubscribe {
    this.idsWanted++;
    this.updateDetail();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.idsWanted--;
      this.updateDetail();
    };
  }

  // Records' values while someone listens, ids while someone follows records, else tables alone:
  // what live queries need, and all a bulk sync pays for.
  private updateDetail(): void {
    const { tables, ids, values } = ENGINE.effectDetail;
    const detail = this.changes.size > 0 ? values : this.idsWanted > 0 ? ids : tables;
    if (detail === this.detail) return;
    this.detail = detail;
    this.setDetail(detail);
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
