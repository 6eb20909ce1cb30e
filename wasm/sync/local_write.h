// Local writes: create, update and delete apply to the replica at once (optimistic) and append
// to the outbox in the caller's transaction, so a write and its outbox entry exist together or not
// at all. Consecutive updates of one record are coalesced into one entry.
#pragma once

#include "sync/record_json.h"

namespace pocketlite {

/// Creates a record with the client-generated id it carries; returns the stored record.
/// Autodate fields take `now_ms`; 400 when the id is taken or a field does not fit.
Result<Json> local_create(SyncContext& ctx, const Collection& c, const Json& record, std::int64_t now_ms);
/// Changes the given fields of a record; returns the stored record (404 when missing).
Result<Json> local_update(SyncContext& ctx, const Collection& c, std::string_view id, const Json& patch,
                          std::int64_t now_ms);
/// Deletes a record (and what cascades from it); 404 when missing. A record created locally and
/// never sent just disappears, with nothing queued.
Status local_delete(SyncContext& ctx, const Collection& c, std::string_view id);

/// True for ids PocketBase accepts by default: [a-z0-9], 1 to 100 characters (15 when generated).
bool is_valid_record_id(std::string_view id);

}  // namespace pocketlite
