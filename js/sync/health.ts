// What keeps data from flowing, kept until it is gone: records the replica refused, fields the
// server has and the replica's schema lacks, collections the server lacks or that cannot sync.
// The sync's status is 'error' while any problem of severity 'error' stands, so `live` means
// data flows. Refused record ids are saved with the replica: a reload shows them too.
import type { EngineConnection } from '../engine/engine.js';
import type { FailedRecord, ServerApplyResult } from '../model.js';

/** One thing that keeps data from syncing, by collection (and field). */
export interface SyncProblem {
  /**
   * rejected: server records that do not fit the replica's schema (`count` of them); drift: the
   * server's records carry a field the replica's schema lacks (its values are not kept);
   * missing: the server has no such collection (or hides it from this user); unsyncable: the
   * collection cannot be pulled (the reason says why); pull-failed: the last pull was refused.
   */
  kind: 'rejected' | 'drift' | 'missing' | 'unsyncable' | 'pull-failed';
  /** 'error' problems lose data and turn the status to 'error'; 'warning' ones are reported only. */
  severity: 'error' | 'warning';
  collection: string;
  field?: string;
  /** Records affected (rejected), else 0. */
  count: number;
  message: string;
}

/** What the server offers, as the sync found out (null: not known yet). */
export interface ServerCapabilities {
  /** POST /api/batch is enabled. */
  batch: boolean | null;
  /** The tombstones feed (pocketbase/pb_hooks/tombstones.pb.js) exists: deletes arrive as tombstones. */
  tombstones: boolean | null;
  /** Collections of the replica's schema the server does not have. */
  missingCollections: string[];
}

interface Refusal {
  field?: string;
  message: string;
}

const REJECTED_CURSOR = '@rejected/';

/** The sync's standing problems. @internal */
export class SyncHealth {
  private readonly rejected = new Map<string, Map<string, Refusal>>();
  private readonly drift = new Map<string, Set<string>>();
  private readonly others = new Map<string, SyncProblem>(); // by kind/collection
  private readonly dirty = new Set<string>();
  /** Set while records stand refused: the effects then name the records applied (see noteApplied). */
  private releaseIds: (() => void) | null = null;

  /** `wantIds` asks the replica for the ids of the records each write changes, until released. */
  constructor(
    private readonly engine: EngineConnection,
    private readonly wantIds: () => () => void,
  ) {
    for (const [name, cursor] of Object.entries(engine.cursors())) {
      if (!name.startsWith(REJECTED_CURSOR)) continue;
      const ids = (cursor as { ids?: Record<string, Refusal> }).ids ?? {};
      if (Object.keys(ids).length > 0)
        this.rejected.set(name.slice(REJECTED_CURSOR.length), new Map(Object.entries(ids)));
    }
    this.followRefused();
  }

  /** Stops asking for ids. */
  close(): void {
    this.releaseIds?.();
    this.releaseIds = null;
  }

  /** Notes what applying server records did: refusals, records that now fit, unknown fields. */
  noteApplied(collection: string, result: ServerApplyResult): void {
    const refused = this.rejected.get(collection);
    if (refused?.size)
      for (const { id } of result.effects.records) if (refused.delete(id)) this.dirty.add(collection);
    for (const failure of result.failed) this.refuse(collection, failure);
    if (result.unknownFields?.length) {
      const fields = this.drift.get(collection) ?? new Set();
      result.unknownFields.forEach((f) => fields.add(f));
      this.drift.set(collection, fields);
    }
    this.save();
    this.followRefused();
  }

  // A refused record that the server sends again in a form that fits is applied: the effects name
  // it, and it is no longer refused. Ids are only asked for while records stand refused.
  private followRefused(): void {
    if (this.rejected.size > 0) this.releaseIds ??= this.wantIds();
    else this.close();
  }

  /** Records a standing problem of one kind for a collection (replacing the previous one). */
  set(problem: Omit<SyncProblem, 'count' | 'severity'> & Partial<SyncProblem>): void {
    const severity = problem.severity ?? (problem.kind === 'missing' ? 'warning' : 'error');
    this.others.set(`${problem.kind}/${problem.collection}`, { count: 0, severity, ...problem });
  }

  /** Forgets a problem of one kind for a collection (it went away). */
  clear(kind: SyncProblem['kind'], collection: string): void {
    this.others.delete(`${kind}/${collection}`);
  }

  /** Collections the server does not have. */
  missing(): string[] {
    return [...this.others.values()]
      .filter((p) => p.kind === 'missing')
      .map((p) => p.collection)
      .sort();
  }

  /** Every standing problem, errors first. */
  problems(): SyncProblem[] {
    const out: SyncProblem[] = [];
    for (const [collection, refused] of this.rejected) {
      const byField = new Map<string, Refusal[]>();
      for (const refusal of refused.values()) {
        const list = byField.get(refusal.field ?? '') ?? [];
        list.push(refusal);
        byField.set(refusal.field ?? '', list);
      }
      for (const [field, list] of byField)
        out.push({
          kind: 'rejected',
          severity: 'error',
          collection,
          ...(field ? { field } : {}),
          count: list.length,
          message: `${list.length} ${collection} record(s) from the server do not fit the replica's schema${field ? ` (field ${field})` : ''}: ${list[0]!.message}`,
        });
    }
    for (const [collection, fields] of this.drift)
      for (const field of fields)
        out.push({
          kind: 'drift',
          severity: 'warning',
          collection,
          field,
          count: 0,
          message: `the server's ${collection} records have a field '${field}' the replica's schema lacks: its values are not kept (add it to the schema; the collection then pulls again)`,
        });
    out.push(...this.others.values());
    return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  }

  /** The first problem that loses data (what the status names), if any. */
  firstError(): SyncProblem | undefined {
    return this.problems().find((p) => p.severity === 'error');
  }

  private refuse(collection: string, failure: FailedRecord): void {
    if (!failure.id) return;
    const refused = this.rejected.get(collection) ?? new Map<string, Refusal>();
    const field = Object.keys(failure.error.data ?? {})[0];
    refused.set(failure.id, { ...(field ? { field } : {}), message: failure.error.message });
    this.rejected.set(collection, refused);
    this.dirty.add(collection);
  }

  private save(): void {
    for (const collection of this.dirty) {
      const ids = Object.fromEntries(this.rejected.get(collection) ?? []);
      this.engine.setCursor(`${REJECTED_CURSOR}${collection}`, { ids } as never);
      if (Object.keys(ids).length === 0) this.rejected.delete(collection);
    }
    this.dirty.clear();
  }
}
