// The checker's oracle: what each record should be after everything healed, from what its writer
// did (the user through a client, or the superuser on the server), and the comparison of that
// model, the server and every replica. Each difference is a named violation.
import type { Fields } from './protocol.js';

/** The state a record must end in, and how it got there (for the failure report). */
export interface Intent {
  /** The client that writes it, or 'server' for the superuser's records in a user's account. */
  writer: string;
  user: string;
  /** null: deleted. */
  fields: Fields | null;
  /** Clients never delete keepers, so the superuser may write their `summary` concurrently. */
  keeper: boolean;
  history: string[];
}

/** One broken invariant, with the record's history. */
export interface Violation {
  kind:
    | 'lost write'
    | 'resurrected'
    | 'invented'
    | 'wrong field'
    | 'replica missing'
    | 'replica extra'
    | 'replica differs'
    | 'not drained'
    | 'refused without cause'
    | 'retry refused'
    | 'stuck'
    | 'intrusion accepted';
  where: string;
  detail: string;
}

type Row = Record<string, unknown>;
const TRACKED: Array<keyof Fields> = ['externalId', 'title', 'totalTokens', 'summary'];

/** The fields the model tracks, of a write's body. */
export function trackedFields(body: Record<string, unknown>): Partial<Fields> {
  const out: Record<string, unknown> = {};
  for (const key of TRACKED) if (key in body) out[key] = body[key];
  return out as Partial<Fields>;
}

/** Records every write that took effect and checks the end state against it. */
export class Model {
  readonly intents = new Map<string, Intent>();

  /** Notes a write the writer saw succeed; `fields` null deletes, a partial merges. */
  wrote(id: string, writer: string, user: string, fields: Partial<Fields> | null, note: string): void {
    const intent = this.intents.get(id) ?? { writer, user, fields: null, keeper: false, history: [] };
    intent.fields = fields === null ? null : ({ ...(intent.fields ?? {}), ...fields } as Fields);
    intent.history.push(note);
    this.intents.set(id, intent);
  }

  /** The ids a writer has written, alive or deleted. */
  idsOf(writer: string, alive?: boolean): string[] {
    return [...this.intents]
      .filter(([, i]) => i.writer === writer && (alive === undefined || (i.fields !== null) === alive))
      .map(([id]) => id);
  }

  /** Compares the server's records of `user` (read by the superuser) with the model. */
  checkServer(user: string, server: Row[]): Violation[] {
    const out: Violation[] = [];
    const byId = new Map(server.map((r) => [String(r.id), r]));
    for (const [id, intent] of this.intents) {
      if (intent.user !== user) continue;
      const row = byId.get(id);
      byId.delete(id);
      const where = `${intent.writer} ${id}`;
      const story = intent.history.join('; ');
      if (intent.fields && !row) out.push({ kind: 'lost write', where, detail: story });
      else if (!intent.fields && row) out.push({ kind: 'resurrected', where, detail: story });
      else if (intent.fields && row)
        for (const field of TRACKED)
          if (row[field] !== intent.fields[field])
            out.push({
              kind: 'wrong field',
              where: `${where}.${field}`,
              detail: `server ${JSON.stringify(row[field])}, expected ${JSON.stringify(intent.fields[field])}: ${story}`,
            });
    }
    for (const id of byId.keys())
      out.push({ kind: 'invented', where: `${user} ${id}`, detail: 'on the server, never written' });
    return out;
  }
}

/** Compares a replica with what its user sees on the server, record for record, field for field. */
export function checkReplica(client: string, replica: Row[], visible: Row[]): Violation[] {
  const out: Violation[] = [];
  const local = new Map(replica.map((r) => [String(r.id), r]));
  for (const row of visible) {
    const id = String(row.id);
    const mine = local.get(id);
    local.delete(id);
    if (!mine) out.push({ kind: 'replica missing', where: `${client} ${id}`, detail: 'on the server' });
    else {
      const differs = Object.keys(row).filter(
        (k) => k !== 'expand' && JSON.stringify(row[k]) !== JSON.stringify(mine[k]),
      );
      if (differs.length)
        out.push({
          kind: 'replica differs',
          where: `${client} ${id}`,
          detail: differs
            .map((k) => `${k}: ${JSON.stringify(mine[k])} vs ${JSON.stringify(row[k])}`)
            .join(', '),
        });
    }
  }
  for (const id of local.keys())
    out.push({ kind: 'replica extra', where: `${client} ${id}`, detail: 'not on the server for its user' });
  return out;
}
