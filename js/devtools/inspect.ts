// The data of pocketlite's devtools, for the panel (panel.tsx) and for any other UI: one call
// gathers the replica's collections, outbox, status, live queries and sync diagnostics.
import type { LiveQueryStats } from '../live-queries.js';
import type { ListResult, OutboxEntry, RecordModel } from '../model.js';
import type { StatusSource } from '../react/status.js';
import type { EngineInspection, RuntimeStatus } from '../runtime/protocol.js';
import type { ReplicaSource } from '../source.js';
import type { Sync, SyncDiagnostics } from '../sync/sync.js';

/** Everything the devtools show, at one moment. */
export interface DevtoolsSnapshot {
  /** When it was taken (ms since the epoch). */
  at: number;
  /** Role, tabs, storage (with its warnings) and the sync's status; null without a status source. */
  status: RuntimeStatus | null;
  /** Each stored table with its rows and bytes (collections, their indexes, the outbox). */
  tables: Array<{ name: string; rows: number; bytes: number }>;
  /** The collections' names, for the filter playground. */
  collections: string[];
  /** Writes waiting for the server, and the ones it refused. */
  outbox: OutboxEntry[];
  /** The engine's live queries with their re-runs and times. */
  liveQueries: LiveQueryStats[];
  /** The sync's metrics, log, errors, problems and the server's capabilities; null when it does not sync. */
  sync: SyncDiagnostics | null;
}

/** What to inspect: a replica, and where its status and (for a replica in this thread) its sync are. */
export interface InspectTarget {
  // Any record-type map: a codegen-typed replica as well as an untyped one.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map's record types are invariant here
  replica: ReplicaSource<any>;
  status?: StatusSource | null;
  /** The Sync of a replica opened in this thread (a ReplicaClient's leader reports its own). */
  sync?: Sync | null;
}

/** Takes a snapshot of everything the devtools show. */
export async function inspect({ replica, status, sync }: InspectTarget): Promise<DevtoolsSnapshot> {
  const [tables, collections, outbox, engine] = await Promise.all([
    replica.storageStats(),
    replica.collections(),
    replica.outbox(),
    engineInspection(replica, sync ?? null),
  ]);
  return {
    at: Date.now(),
    status: status?.status ?? null,
    tables,
    collections: (collections as Array<{ name: string }>).map((c) => c.name).sort(),
    outbox,
    ...engine,
  };
}

// A ReplicaClient asks its leader; a replica in this thread answers from its own live queries.
async function engineInspection(
  replica: ReplicaSource<object>,
  sync: Sync | null,
): Promise<EngineInspection> {
  const client = replica as { inspect?: () => Promise<EngineInspection> };
  if (typeof client.inspect === 'function') return client.inspect();
  const live = (replica as { live?: { stats(): LiveQueryStats[] } }).live;
  return { liveQueries: live?.stats() ?? [], sync: sync?.diagnostics() ?? null };
}

/** A query of the filter playground: PocketBase filter and sort text, run on the replica. */
export interface PlaygroundQuery {
  collection: string;
  filter?: string;
  sort?: string;
  page?: number;
  perPage?: number;
}

/** Runs a playground query locally; rejects with the PocketliteError that names the problem. */
export function runFilter(
  replica: ReplicaSource<object>,
  { collection, filter = '', sort = '', page = 1, perPage = 20 }: PlaygroundQuery,
): Promise<ListResult<RecordModel>> {
  return replica.collection(collection).getList(page, perPage, { filter, sort }) as Promise<
    ListResult<RecordModel>
  >;
}
