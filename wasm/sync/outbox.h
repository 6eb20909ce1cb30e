// The outbox's life cycle: taking entries to send, and recording what the server said. JS does
// the sending; every decision about the replica's state is made here.
#pragma once

#include "sync/record_json.h"

namespace pocketlite {

/// Takes up to `max` queued entries in order and marks them sending. Consecutive updates of one
/// record become one send. Returns [{seqs, collection, recordId, op, body, attempts}].
Result<Json> outbox_take(SyncContext& ctx, std::int64_t max);
/// The server applied the send of `seqs`; `server` is the record it returned (null for a delete).
Status outbox_ack(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& server);
/// The send failed for good (validation, forbidden): the entries move to the failed list with
/// `error`, and the record goes back to `server`, its state on the server (null: the server has no
/// such record; when `server_known` is false, the last server version the replica saw). A create
/// or update that a later queued delete of the same record supersedes is dropped instead: the
/// user's intent (the delete) still goes out. Returns whether the entries were superseded.
Result<bool> outbox_fail(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& error, const Json& server,
                         bool server_known);
/// No verdict (network error, 5xx, 429): the entries are queued again, the error kept for display.
Status outbox_requeue(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& error);
/// Re-applies a failed entry's change locally and queues it again; returns the new entry list.
Status outbox_retry(SyncContext& ctx, std::int64_t seq, std::int64_t now_ms);
/// Forgets a failed entry (its local change was already reverted).
Status outbox_discard(SyncContext& ctx, std::int64_t seq);
/// Entries in order, all or those in `state` ("" for all).
Result<Json> outbox_list(SyncContext& ctx, const std::string& state);
/// {id: {state, error}} for the records of a collection that are not synced: pending (queued),
/// sending, or failed (with the server's error).
Result<Json> sync_states(SyncContext& ctx, std::string_view collection);

}  // namespace pocketlite
