// The engine's sync bookkeeping tables: the outbox of local writes, the pending state of records
// changed locally (with the server's last known version of each, the merge base), and the
// per-collection pull cursors. Plain storage: the decisions live in server_apply and local_write.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/sqlite.h"

namespace pocketlite {

/// Creates the sync tables if missing and returns entries left 'sending' by a crash to 'pending':
/// nothing is in flight when a replica opens, and a resent create or update is safe.
Status init_sync_metadata(Database& db);

/// A record changed locally and not yet confirmed by the server.
struct PendingRecord {
  Json base;                     // the server's last known version (null: created locally)
  std::set<std::string> fields;  // fields whose local value waits for the server
  bool deleted = false;          // deleted locally
};

/// One outbox entry: a local create, update (the changed fields) or delete of one record.
struct OutboxEntry {
  std::int64_t seq = 0;
  std::string collection, record_id, op, state;  // op: create|update|delete; state: pending|sending|failed
  Json body;                                     // the fields sent (create, update)
  std::int64_t attempts = 0;
  Json error;  // the last failure, PocketBase-shaped (null when none)

  [[nodiscard]] Json to_json() const;
};

/// The pending state of one record, if any.
Result<std::optional<PendingRecord>> load_pending(Database& db, std::string_view collection, std::string_view id);
/// Whether the record has pending state, and if so whether it is a local delete (its base left
/// unread: most callers need only this).
Result<std::optional<bool>> pending_deleted(Database& db, std::string_view collection, std::string_view id);
Status save_pending(Database& db, std::string_view collection, std::string_view id, const PendingRecord& pending);
Status drop_pending(Database& db, std::string_view collection, std::string_view id);
/// Whether any record of the collection is pending (lets a server page skip per-record lookups).
Result<bool> any_pending(Database& db, std::string_view collection);

/// Entries in outbox order; `where` is a fixed SQL condition over the outbox columns with ?1 = collection,
/// ?2 = record id when given; at most `limit` of them (-1: all).
Result<std::vector<OutboxEntry>> outbox_entries(Database& db, const char* where, std::string_view collection = {},
                                                std::string_view id = {}, std::int64_t limit = -1);
/// The entries of one record, in order.
Result<std::vector<OutboxEntry>> record_entries(Database& db, std::string_view collection, std::string_view id);
Result<std::optional<OutboxEntry>> outbox_entry(Database& db, std::int64_t seq);
/// The last entry of the whole outbox (coalescing only merges into it, so order is never changed).
Result<std::optional<OutboxEntry>> outbox_tail(Database& db);
Status append_outbox(Database& db, std::string_view collection, std::string_view id, std::string_view op,
                     const Json& body);
Status update_outbox(Database& db, const OutboxEntry& entry);
Status delete_outbox(Database& db, std::int64_t seq);

/// Deletes a record's queued outbox entries (and, with `failed_too`, its failed ones) and, when
/// nothing is left, its pending state. Returns whether entries remain (in flight, or kept).
Result<bool> drop_unsent(Database& db, std::string_view collection, std::string_view id, bool failed_too);

/// The collection's pull cursor {updated, id, syncedAt, complete}, or null before the first pull.
Result<Json> load_cursor(Database& db, std::string_view collection);
Status save_cursor(Database& db, std::string_view collection, const Json& cursor);
/// Every collection's cursor, by collection name.
Result<Json> load_cursors(Database& db);

}  // namespace pocketlite
