#include "sync/outbox.h"

#include "sync/local_write.h"
#include "sync/server_apply.h"
#include "sync/sync_store.h"

namespace pocketlite {
namespace {

// What is still waiting for a record after some of its entries were settled.
struct Remaining {
  std::set<std::string> fields;  // fields of queued or in-flight creates and updates
  bool queued = false;           // any entry still queued or in flight
};

Result<Remaining> remaining_for(SyncContext& ctx, const std::string& collection, const std::string& id) {
  PL_ASSIGN(auto entries, record_entries(ctx.db, collection, id));
  Remaining r;
  for (const auto& e : entries) {
    if (e.state == "failed") continue;
    r.queued = true;
    if (e.body.is_object())
      for (const auto& [key, value] : e.body.items())
        if (key != "id") r.fields.insert(key);
  }
  return r;
}

// The entries named by `seqs` (all of one record), or a 404 naming the first missing one.
Result<std::vector<OutboxEntry>> entries_of(SyncContext& ctx, const std::vector<std::int64_t>& seqs) {
  std::vector<OutboxEntry> out;
  for (auto seq : seqs) {
    PL_ASSIGN(auto entry, outbox_entry(ctx.db, seq));
    if (!entry) return not_found("outbox entry " + std::to_string(seq) + " does not exist");
    out.push_back(std::move(*entry));
  }
  if (out.empty()) return bad_request("invalid_outbox", "no outbox entries given");
  return out;
}

const Collection* collection_named(SyncContext& ctx, const std::string& name) {
  auto it = ctx.collections.find(name);
  return it == ctx.collections.end() ? nullptr : &it->second;
}

// Puts the record back to `target` (the server's version, or null: no such record on the server),
// keeping the local values of whatever is still queued.
Status revert_to(SyncContext& ctx, const Collection& c, const std::string& id, const Json& target) {
  PL_ASSIGN(Remaining left, remaining_for(ctx, c.name, id));
  PL_ASSIGN(auto pending, load_pending(ctx.db, c.name, id));
  if (pending && pending->deleted && left.queued) {  // a later delete still stands
    pending->base = target;
    return save_pending(ctx.db, c.name, id, *pending);
  }
  if (target.is_object()) return rebase_record(ctx, c, target, left.fields, left.queued);
  PL_ASSIGN(auto removed, delete_cascading(ctx, c, id));
  (void)removed;
  if (!left.queued) PL_TRY(drop_pending(ctx.db, c.name, id));
  return Ok{};
}

// Whether a create or update is followed in the outbox by a delete of the same record.
Result<bool> deleted_later(SyncContext& ctx, const OutboxEntry& entry) {
  if (entry.op == "delete") return false;
  PL_ASSIGN(auto entries, record_entries(ctx.db, entry.collection, entry.record_id));
  for (const auto& e : entries)
    if (e.seq > entry.seq && e.op == "delete" && e.state != "failed") return true;
  return false;
}

}  // namespace

Result<Json> outbox_take(SyncContext& ctx, std::int64_t max) {
  // A few more than `max`: consecutive updates of one record merge into one send.
  PL_ASSIGN(auto queued, outbox_entries(ctx.db, "state = 'pending'", {}, {}, max + 16));
  Json sends = Json::array();
  std::int64_t taken = 0;
  for (std::size_t i = 0; i < queued.size() && taken < max; ++i, ++taken) {
    OutboxEntry& e = queued[i];
    Json seqs = Json::array({e.seq});
    Json body = e.body;
    e.state = "sending";
    e.attempts += 1;
    PL_TRY(update_outbox(ctx.db, e));
    while (e.op == "update" && i + 1 < queued.size() && queued[i + 1].op == "update" &&
           queued[i + 1].collection == e.collection && queued[i + 1].record_id == e.record_id) {
      OutboxEntry& next = queued[++i];
      body.update(next.body);
      seqs.push_back(next.seq);
      next.state = "sending";
      next.attempts += 1;
      PL_TRY(update_outbox(ctx.db, next));
    }
    sends.push_back(Json{{"seqs", seqs},
                         {"collection", e.collection},
                         {"recordId", e.record_id},
                         {"op", e.op},
                         {"body", body},
                         {"attempts", e.attempts}});
  }
  return sends;
}

Status outbox_ack(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& server) {
  PL_ASSIGN(auto entries, entries_of(ctx, seqs));
  for (const auto& e : entries) PL_TRY(delete_outbox(ctx.db, e.seq));
  const OutboxEntry& first = entries.front();
  const Collection* c = collection_named(ctx, first.collection);
  if (c == nullptr) return Ok{};  // the collection left the schema meanwhile
  PL_ASSIGN(Remaining left, remaining_for(ctx, c->name, first.record_id));
  PL_ASSIGN(auto deleted, pending_deleted(ctx.db, c->name, first.record_id));
  if (deleted.value_or(false) && first.op != "delete") {  // deleted locally since: stays deleted
    PL_ASSIGN(auto pending, load_pending(ctx.db, c->name, first.record_id));
    pending->base = server;
    return save_pending(ctx.db, c->name, first.record_id, *pending);
  }
  if (server.is_object() && server.contains("id")) return rebase_record(ctx, *c, server, left.fields, left.queued);
  if (!left.queued) PL_TRY(drop_pending(ctx.db, c->name, first.record_id));
  return Ok{};
}

Result<bool> outbox_fail(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& error, const Json& server,
                         bool server_known) {
  PL_ASSIGN(auto entries, entries_of(ctx, seqs));
  PL_ASSIGN(bool superseded, deleted_later(ctx, entries.front()));
  if (superseded) {
    for (const auto& e : entries) PL_TRY(delete_outbox(ctx.db, e.seq));
    return true;
  }
  // A refused create takes the record's later updates with it: sent alone they could only be
  // refused (404), and retried after the create they still apply.
  if (entries.front().op == "create") {
    PL_ASSIGN(auto later, record_entries(ctx.db, entries.front().collection, entries.front().record_id));
    for (auto& e : later)
      if (e.seq > entries.front().seq && e.state != "failed") entries.push_back(std::move(e));
  }
  for (auto& e : entries) {
    e.state = "failed";
    e.error = error;
    PL_TRY(update_outbox(ctx.db, e));
  }
  const OutboxEntry& first = entries.front();
  const Collection* c = collection_named(ctx, first.collection);
  if (c == nullptr) return false;
  Json target = server;
  if (!server_known) {
    PL_ASSIGN(auto pending, load_pending(ctx.db, c->name, first.record_id));
    target = pending ? pending->base : Json();
  }
  PL_TRY(revert_to(ctx, *c, first.record_id, target));
  return false;
}

Status outbox_requeue(SyncContext& ctx, const std::vector<std::int64_t>& seqs, const Json& error) {
  PL_ASSIGN(auto entries, entries_of(ctx, seqs));
  for (auto& e : entries) {
    if (e.state == "failed") continue;  // failed with an earlier entry of its record (a refused create)
    e.state = "pending";
    e.error = error;
    PL_TRY(update_outbox(ctx.db, e));
  }
  return Ok{};
}

Status outbox_retry(SyncContext& ctx, std::int64_t seq, std::int64_t now_ms) {
  PL_ASSIGN(auto entries, entries_of(ctx, {seq}));
  const OutboxEntry e = entries.front();
  if (e.state != "failed")
    return bad_request("invalid_outbox", "outbox entry " + std::to_string(seq) + " has not failed");
  const Collection* c = collection_named(ctx, e.collection);
  if (c == nullptr) return not_found("the replica has no collection '" + e.collection + "'");
  PL_TRY(delete_outbox(ctx.db, seq));
  if (e.op == "delete") {
    // Gone locally since (a server delete applied): what the user wanted holds already.
    PL_ASSIGN(Json local, read_record(ctx, *c, e.record_id));
    return local.is_null() ? Status(Ok{}) : local_delete(ctx, *c, e.record_id);
  }
  auto redone =
      e.op == "create" ? local_create(ctx, *c, e.body, now_ms) : local_update(ctx, *c, e.record_id, e.body, now_ms);
  if (!redone.ok()) return redone.take_error();
  return Ok{};
}

Status outbox_discard(SyncContext& ctx, std::int64_t seq) {
  PL_ASSIGN(auto entries, entries_of(ctx, {seq}));
  if (entries.front().state != "failed")
    return bad_request("invalid_outbox", "outbox entry " + std::to_string(seq) + " has not failed");
  return delete_outbox(ctx.db, seq);
}

Result<Json> outbox_list(SyncContext& ctx, const std::string& state) {
  const char* where = state.empty()        ? "1"
                      : state == "pending" ? "state = 'pending'"
                      : state == "sending" ? "state = 'sending'"
                      : state == "failed"  ? "state = 'failed'"
                                           : nullptr;
  if (where == nullptr)
    return bad_request("invalid_outbox", "unknown outbox state '" + state + "' (pending, sending or failed)");
  PL_ASSIGN(auto entries, outbox_entries(ctx.db, where));
  Json out = Json::array();
  for (const auto& e : entries) out.push_back(e.to_json());
  return out;
}

Result<Json> sync_states(SyncContext& ctx, std::string_view collection) {
  PL_ASSIGN(auto entries, outbox_entries(ctx.db, "collection = ?1", collection));
  Json out = Json::object();
  auto rank = [](const std::string& state) { return state == "failed" ? 3 : state == "sending" ? 2 : 1; };
  for (const auto& e : entries) {
    Json& slot = out[e.record_id];
    if (slot.is_null() || rank(e.state) > rank(slot["state"].get<std::string>()))
      slot = Json{{"state", e.state}, {"error", e.error}, {"op", e.op}};
  }
  return out;
}

}  // namespace pocketlite
