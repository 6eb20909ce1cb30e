#include "sync/server_apply.h"

#include <unordered_set>

#include "core/json_scan.h"
#include "db/pb_date.h"

namespace pocketlite {
namespace {

// A field's value in a record (null when the record lacks it).
Json value_of(const Json& record, const std::string& field) {
  return record.contains(field) ? record.at(field) : Json();
}

// Both sides changed `field` since the base: a conflict, reported with all three values.
Json conflict(const Collection& c, const std::string& id, const std::string& field, const Json& base, const Json& local,
              const Json& server) {
  return Json{{"collection", c.name},
              {"id", id},
              {"field", field},
              {"base", value_of(base, field)},
              {"local", value_of(local, field)},
              {"server", value_of(server, field)}};
}

// Whether `held` already has every field value of `incoming`. PocketBase stamps `updated` in
// milliseconds, so two writes in one millisecond (a batch that creates and updates a record) carry
// the same version: an equal version is only a duplicate when the content is the same too.
bool holds_content(const Json& held, const Json& incoming) {
  if (!held.is_object() || !incoming.is_object()) return false;
  for (const auto& [key, value] : incoming.items())
    if (key != "expand" && key != "collectionId" && key != "collectionName" && held.contains(key) &&
        held.at(key) != value)
      return false;
  return true;
}

// A server version of a record that has local changes waiting: the base moves to the server's
// version and the pending fields keep their local values.
Result<char> merge_under_pending(SyncContext& ctx, const Collection& c, const Json& server, PendingRecord& pending,
                                 Json& conflicts) {
  const std::string id = server.at("id").get<std::string>();
  if (!pending.base.is_null()) {
    const std::string seen = date_of(pending.base, "updated"), incoming = date_of(server, "updated");
    if (!seen.empty() && incoming < seen) return 's';
    if (!seen.empty() && incoming == seen && holds_content(pending.base, server)) return 'd';
  }
  if (!pending.deleted) {
    PL_ASSIGN(Json local, read_record(ctx, c, id));
    if (!pending.base.is_null() && local.is_object())
      for (const auto& f : pending.fields) {
        const Json server_value = value_of(server, f);
        if (server_value != value_of(pending.base, f) && server_value != value_of(local, f))
          conflicts.push_back(conflict(c, id, f, pending.base, local, server));
      }
    Json merged = server;
    if (local.is_object())
      for (const auto& f : pending.fields)
        if (local.contains(f)) merged[f] = local.at(f);
    PL_TRY(write_record(ctx, c, merged, Validation::Types));
  }
  pending.base = server;
  PL_TRY(save_pending(ctx.db, c.name, id, pending));
  return 'm';
}

// The server version applies when it is newer than the local copy (or there is none).
class PageApplier {
 public:
  PageApplier(SyncContext& ctx, const Collection& c) : ctx_(ctx), c_(c) {}

  Status prepare() {
    const Field* updated = c_.find_field("updated");
    has_updated_ = updated != nullptr && (updated->type == FieldType::Autodate || updated->type == FieldType::Date);
    PL_ASSIGN(lookup_, ctx_.db.prepare(std::string("SELECT ") + (has_updated_ ? "\"updated\"" : "1") + " FROM " +
                                       quote_identifier(c_.name) + " WHERE \"id\" = ?1"));
    PL_ASSIGN(check_pending_, any_pending(ctx_.db, c_.name));
    // An empty table (an initial sync) holds no copy to compare with: no lookup per record.
    PL_ASSIGN(Statement any, ctx_.db.prepare("SELECT EXISTS (SELECT 1 FROM " + quote_identifier(c_.name) + ")"));
    PL_ASSIGN(const bool has_rows, any.step());
    empty_ = has_rows && any.column_int(0) == 0;
    return Ok{};
  }

  // Applies one record: its scanned members and its JSON text (read whole only in the rare cases
  // that compare content).
  Result<char> apply(const std::vector<JsonMember>& members, std::string_view raw, Json& conflicts) {
    members_ = &members;
    std::string id, updated;
    for (const auto& m : members) {
      if (m.key == "id" && m.value.kind == JsonSpan::String) id = decode_json_string(m.value);
      if (m.key == "updated" && m.value.kind == JsonSpan::String)
        updated = normalize_pb_date(decode_json_string(m.value)).value_or("");
    }
    if (id.empty()) return missing_id_error();
    if (last_id_.empty()) note_unknown_keys();
    last_id_ = id, last_updated_ = updated;
    if (check_pending_) {
      PL_ASSIGN(auto pending, load_pending(ctx_.db, c_.name, id));
      if (pending) {
        Json server = Json::parse(raw, nullptr, false);
        return merge_under_pending(ctx_, c_, server, *pending, conflicts);
      }
    }
    bool exists = false;
    if (!empty_ || !applied_.insert(id).second) {  // in an empty table, only a repeat in this page exists
      lookup_.reset();
      lookup_.bind_text(1, id);
      PL_ASSIGN(exists, lookup_.step());
    }
    if (exists && has_updated_ && !updated.empty()) {
      const std::string_view local = lookup_.column_text(0);
      if (updated < local) return 's';
      if (updated == local) {
        lookup_.reset();
        PL_ASSIGN(Json held, read_record(ctx_, c_, id));
        if (holds_content(held, Json::parse(raw, nullptr, false))) return 'd';
      }
    }
    lookup_.reset();
    PL_ASSIGN(Json ignored, ctx_.records.upsert_record(c_, members, Validation::Types));
    (void)ignored;
    return exists ? 'u' : 'c';
  }

  // Keys the first record carries that the collection has no field for: the server's schema has
  // drifted from the replica's (a page holds records of one schema, so one record tells).
  void note_unknown_keys() {
    for (const auto& m : *members_)
      if (m.key != "id" && m.key != "collectionId" && m.key != "collectionName" && m.key != "expand" &&
          c_.find_field(m.key) == nullptr)
        unknown_.push_back(std::string(m.key));
  }

  [[nodiscard]] const Json& unknown_keys() const { return unknown_; }

  // The (updated, id) of the last record seen: where a pull continues.
  [[nodiscard]] Json last() const {
    return last_id_.empty() ? Json() : Json{{"updated", last_updated_}, {"id", last_id_}};
  }

 private:
  SyncContext& ctx_;
  const Collection& c_;
  bool has_updated_ = false, check_pending_ = false, empty_ = false;
  std::unordered_set<std::string> applied_;  // ids applied to a table that was empty
  Statement lookup_;
  const std::vector<JsonMember>* members_ = nullptr;
  std::string last_id_, last_updated_;
  Json unknown_ = Json::array();
};

// Whether the replica holds a version of the record newer than the one deleted, which the delete
// must not remove: a local create the server has not confirmed (a delete of its id is of an older
// incarnation, e.g. the one the user deleted before creating the id again), or a server version
// newer than the deleted one (the id was deleted and created again on the server). With local
// changes pending the server version is their merge base (the row's `updated` is local).
Result<bool> holds_newer_version(SyncContext& ctx, const Collection& c, const ServerDelete& del,
                                 const std::optional<PendingRecord>& pending) {
  if (pending && pending->base.is_null() && !pending->deleted) return true;
  if (del.version.empty()) return false;
  const std::string deleted = normalize_pb_date(del.version).value_or(del.version);
  if (pending) return !pending->base.is_null() && date_of(pending->base, "updated") > deleted;
  PL_ASSIGN(Json local, read_record(ctx, c, del.id));
  return local.is_object() && date_of(local, "updated") > deleted;
}

}  // namespace

Result<Json> apply_server_records(SyncContext& ctx, const Collection& c, std::string_view records_json) {
  PageApplier applier(ctx, c);
  PL_TRY(applier.prepare());
  std::int64_t created = 0, updated = 0, merged = 0, duplicate = 0, stale = 0, seen = 0;
  Json failed = Json::array(), conflicts = Json::array();
  // One pass over the page: each record's members are scanned once, straight from the page.
  JsonScanner scanner(records_json);
  std::vector<JsonMember> members;
  auto fail = [&](std::int64_t index, const Error& error) {
    Json id;
    for (const auto& m : members)
      if (m.key == "id" && m.value.kind == JsonSpan::String) id = decode_json_string(m.value);
    failed.push_back(Json{{"index", index}, {"id", id}, {"error", error.to_json()}});
  };
  auto apply_next = [&]() -> Status {
    const std::int64_t index = seen++;
    members.clear();
    if (scanner.peek() != '{') {
      PL_ASSIGN(JsonSpan other, scanner.value());
      fail(index,
           bad_request("invalid_record", std::string("a record must be a JSON object, got ") + other.type_name()));
      return Ok{};
    }
    const std::size_t start = scanner.position();
    PL_TRY(scanner.object_members(members));
    Result<char> outcome = applier.apply(members, records_json.substr(start, scanner.position() - start), conflicts);
    if (!outcome.ok()) {
      if (outcome.error().status != 400) return outcome.take_error();  // storage failure: the page rolls back
      fail(index, outcome.error());
      return Ok{};
    }
    switch (outcome.value()) {
      case 'c':
        ++created;
        break;
      case 'u':
        ++updated;
        break;
      case 'm':
        ++merged;
        break;
      case 'd':
        ++duplicate;
        break;
      default:
        ++stale;
    }
    return Ok{};
  };
  if (scanner.peek() == '[') {
    PL_TRY(scanner.expect('['));
    if (scanner.peek() != ']')
      for (;;) {  // a comma before ']' fails in apply_next: ']' is no value
        PL_TRY(apply_next());
        if (scanner.peek() == ']') break;
        PL_TRY(scanner.expect(','));
      }
    PL_TRY(scanner.expect(']'));
  } else {
    PL_TRY(apply_next());
  }
  PL_TRY(scanner.finish());
  return Json{{"created", created},
              {"updated", updated},
              {"merged", merged},
              {"duplicate", duplicate},
              {"stale", stale},
              {"failed", std::move(failed)},
              {"conflicts", std::move(conflicts)},
              {"last", applier.last()},
              {"unknownFields", applier.unknown_keys()}};
}

Result<Json> apply_server_deletes(SyncContext& ctx, const Collection& c, const std::vector<ServerDelete>& deletes) {
  std::int64_t deleted = 0, absent = 0, kept = 0;
  Json dropped = Json::array();
  for (const auto& del : deletes) {
    PL_ASSIGN(auto pending, load_pending(ctx.db, c.name, del.id));
    PL_ASSIGN(bool newer, holds_newer_version(ctx, c, del, pending));
    if (newer) {
      ++kept;
      continue;
    }
    if (pending) {
      // The server's delete wins over queued (and failed) local changes; entries already sent
      // resolve on their own.
      PL_TRY(drop_unsent(ctx.db, c.name, del.id, true));
      if (!pending->deleted) dropped.push_back(Json{{"collection", c.name}, {"id", del.id}});
    }
    PL_ASSIGN(auto removed, delete_cascading(ctx, c, del.id));
    ++(removed.empty() ? absent : deleted);
  }
  return Json{{"deleted", deleted}, {"absent", absent}, {"kept", kept}, {"dropped", std::move(dropped)}};
}

Status rebase_record(SyncContext& ctx, const Collection& c, const Json& server, const std::set<std::string>& keep,
                     bool still_queued) {
  const std::string id = server.at("id").get<std::string>();
  Json merged = server;
  if (!keep.empty()) {
    PL_ASSIGN(Json local, read_record(ctx, c, id));
    if (local.is_object())
      for (const auto& f : keep)
        if (local.contains(f)) merged[f] = local.at(f);
  }
  PL_TRY(write_record(ctx, c, merged, Validation::Types));
  if (!still_queued) return drop_pending(ctx.db, c.name, id);
  return save_pending(ctx.db, c.name, id, PendingRecord{server, keep, false});
}

}  // namespace pocketlite
