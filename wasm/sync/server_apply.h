// Server state into the replica: list pages, realtime events and deletes, applied idempotently.
// A record is applied only when it is newer (by `updated`) than the server version the replica
// last saw; fields with a local change waiting in the outbox keep their local value.
#pragma once

#include <set>

#include "sync/record_json.h"
#include "sync/sync_store.h"

namespace pocketlite {

/// Applies server records (one object or an array, as JSON text): the one way records from outside
/// enter the replica (sync pages, realtime events, Engine::upsert). Returns {created, updated,
/// merged, duplicate, stale, failed, conflicts, last, unknownFields}: how many records were created,
/// updated, merged under pending local changes, already held (same `updated` and content) or
/// older than the replica's copy; failed: [{index, id, error}]. conflicts: [{collection, id, field, base, local,
/// server}] for fields both sides changed; the local value stays (it reaches the server later: last writer wins). last:
/// {updated, id} of the last record, where a pull continues. unknownFields: keys the records carry that the collection
/// has no field for (the server's schema has fields the replica lacks).
Result<Json> apply_server_records(SyncContext& ctx, const Collection& c, std::string_view records_json);

/// A record the server deleted: its id and, when known, the `updated` of the version that was
/// deleted (a realtime delete's record, a tombstone's recordUpdated or its own time).
struct ServerDelete {
  std::string id;
  std::string version;  // "" when unknown: the delete applies whatever the local version
};

/// Applies records the server deleted. Returns {deleted, absent, kept, dropped}: counts of records
/// deleted, not held, and kept because the replica holds a newer version (the id created again on the server, or
/// locally and not yet confirmed); dropped: [{collection, id}] records whose pending local changes the delete overrode.
Result<Json> apply_server_deletes(SyncContext& ctx, const Collection& c, const std::vector<ServerDelete>& deletes);

/// Makes `server` the record's merge base and its local row `server` with the local values of
/// `keep` laid over it. Drops the pending state when `keep` is empty and nothing else is queued.
Status rebase_record(SyncContext& ctx, const Collection& c, const Json& server, const std::set<std::string>& keep,
                     bool still_queued);

}  // namespace pocketlite
