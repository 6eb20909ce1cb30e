#include "sync/local_write.h"

#include "db/field_cast.h"
#include "db/index_sql.h"
#include "db/pb_date.h"
#include "sync/sync_store.h"

namespace pocketlite {
namespace {

// Keys every record carries that are not writable fields.
bool is_record_meta(const std::string& key) {
  return key == "id" || key == "collectionId" || key == "collectionName" || key == "expand";
}

// The writable fields named in `input`, checked: unknown keys are ignored as PocketBase does, but
// modifiers (`count+`) cannot be applied without the server and are refused.
Result<std::vector<const Field*>> written_fields(const Collection& c, const Json& input) {
  if (!input.is_object()) return bad_request("invalid_record", "a record must be a JSON object");
  std::vector<const Field*> out;
  for (const auto& [key, value] : input.items()) {
    if (is_record_meta(key)) continue;
    if (!key.empty() && (key.front() == '+' || key.back() == '+' || key.back() == '-')) {
      Error e = bad_request("invalid_record", "the modifier '" + key + "' needs the server: write the new value");
      add_field_error(e.data, {key}, "validation_unsupported", "modifiers are not supported offline");
      return e;
    }
    const Field* f = c.find_field(key);
    if (f == nullptr || f->type == FieldType::Autodate) continue;
    if (f->type == FieldType::File) {
      Error e = bad_request("invalid_record", "file field '" + key + "' cannot be written offline");
      add_field_error(e.data, {key}, "validation_unsupported", "file uploads need the server");
      return e;
    }
    out.push_back(f);
  }
  return out;
}

// The collection's unique indexes among the rows the replica holds, checked for the record just
// written (the server checks all rows; these are the ones that can be checked here). A
// duplicate names each field of the index, with the server's code.
Status check_unique(SyncContext& ctx, const Collection& c, std::string_view id, bool creating) {
  for (const auto& sql : c.indexes) {
    auto spec = parse_index_sql(sql);
    if (!spec.ok() || !spec.value().unique || spec.value().partial) continue;
    std::string same;
    for (const auto& col : spec.value().columns) {
      const Field* f = c.find_field(col.name);  // none for "id": it is no declared field here
      if (f == nullptr || !f->stored()) {
        same.clear();
        break;
      }
      const std::string collate = col.collate.empty() ? "" : " COLLATE " + col.collate;
      same += " AND o." + quote_identifier(col.name) + collate + " = n." + quote_identifier(col.name) + collate;
    }
    if (same.empty()) continue;
    const std::string table = quote_identifier(c.name);
    PL_ASSIGN(Statement st, ctx.db.prepare("SELECT 1 FROM " + table + " n JOIN " + table +
                                           " o ON o.\"id\" != n.\"id\"" + same + " WHERE n.\"id\" = ?1 LIMIT 1"));
    st.bind_text(1, id);
    PL_ASSIGN(bool duplicate, st.step());
    if (!duplicate) continue;
    Error e = bad_request("invalid_record", creating ? "Failed to create record." : "Failed to update record.");
    for (const auto& col : spec.value().columns)
      add_field_error(e.data, {col.name}, "validation_not_unique", "Value must be unique.");
    return e;
  }
  return Ok{};
}

void stamp(const Collection& c, Json& record, std::int64_t now_ms, bool creating) {
  const std::string now = format_pb_date(now_ms);
  for (const auto& f : c.fields)
    if (f.type == FieldType::Autodate && ((creating && f.on_create) || f.on_update)) record[f.name] = now;
}

// What the server is sent for these fields: the stored (normalized) value, or for fields the
// replica does not keep (hidden, password) the value as given.
Json body_of(const std::vector<const Field*>& fields, const Json& stored, const Json& input) {
  Json body = Json::object();
  for (const Field* f : fields)
    body[f->name] = f->stored() && stored.contains(f->name) ? stored.at(f->name) : input.at(f->name);
  return body;
}

}  // namespace

bool is_valid_record_id(std::string_view id) {
  if (id.empty() || id.size() > 100) return false;
  for (char ch : id)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return false;
  return true;
}

Result<Json> local_create(SyncContext& ctx, const Collection& c, const Json& record, std::int64_t now_ms) {
  PL_ASSIGN(auto fields, written_fields(c, record));
  auto id_it = record.find("id");
  const std::string id = id_it != record.end() && id_it->is_string() ? id_it->get<std::string>() : "";
  if (!is_valid_record_id(id)) {
    Error e = bad_request("invalid_record", "a new record needs an id of 1-100 characters [a-z0-9], got '" + id + "'");
    add_field_error(e.data, {"id"}, "validation_invalid_format", "must match ^[a-z0-9]+$");
    return e;
  }
  PL_ASSIGN(Json existing, read_record(ctx, c, id));
  PL_ASSIGN(auto pending, load_pending(ctx.db, c.name, id));
  if (!existing.is_null() || pending) {
    Error e = bad_request("invalid_record", "record " + id + " already exists in '" + c.name + "'");
    add_field_error(e.data, {"id"}, "validation_not_unique", "Value must be unique.");
    return e;
  }
  Json row = Json{{"id", id}};
  for (const Field* f : fields) row[f->name] = cast_written_value(*f, record.at(f->name));
  stamp(c, row, now_ms, true);
  PL_TRY(write_record(ctx, c, row, Validation::Constraints));
  PL_TRY(check_unique(ctx, c, id, true));
  PL_ASSIGN(Json stored, read_record(ctx, c, id));
  Json body = body_of(fields, stored, record);
  body["id"] = id;
  PendingRecord p;
  for (const Field* f : fields) p.fields.insert(f->name);
  PL_TRY(save_pending(ctx.db, c.name, id, p));
  PL_TRY(append_outbox(ctx.db, c.name, id, "create", body));
  return stored;
}

Result<Json> local_update(SyncContext& ctx, const Collection& c, std::string_view id, const Json& patch,
                          std::int64_t now_ms) {
  PL_ASSIGN(auto fields, written_fields(c, patch));
  PL_ASSIGN(Json before, read_record(ctx, c, id));
  if (before.is_null()) return not_found("The requested resource wasn't found.");
  Json row = before;
  for (const Field* f : fields) row[f->name] = cast_written_value(*f, patch.at(f->name));
  stamp(c, row, now_ms, false);
  PL_TRY(write_record(ctx, c, row, Validation::Constraints));
  PL_TRY(check_unique(ctx, c, id, false));
  PL_ASSIGN(Json stored, read_record(ctx, c, id));
  PL_ASSIGN(auto pending, load_pending(ctx.db, c.name, id));
  PendingRecord p = pending ? std::move(*pending) : PendingRecord{before, {}, false};
  for (const Field* f : fields) p.fields.insert(f->name);
  PL_TRY(save_pending(ctx.db, c.name, id, p));
  const Json body = body_of(fields, stored, patch);
  PL_ASSIGN(auto tail, outbox_tail(ctx.db));
  // Consecutive writes of one record become one entry, except into a create sent before: if the
  // server took it, its resend is answered "exists" and acknowledged, and merged fields would be lost.
  const bool merge = tail && tail->collection == c.name && tail->record_id == id && tail->state == "pending" &&
                     (tail->op == "update" || (tail->op == "create" && tail->attempts == 0));
  if (merge) {
    tail->body.update(body);
    PL_TRY(update_outbox(ctx.db, *tail));
  } else {
    PL_TRY(append_outbox(ctx.db, c.name, id, "update", body));
  }
  return stored;
}

Status local_delete(SyncContext& ctx, const Collection& c, std::string_view id) {
  PL_ASSIGN(Json before, read_record(ctx, c, id));
  if (before.is_null()) return not_found("The requested resource wasn't found.");
  PL_ASSIGN(auto entries, record_entries(ctx.db, c.name, id));
  PL_ASSIGN(auto pending, load_pending(ctx.db, c.name, id));
  // Queued and failed writes of the record: superseded by the delete (retrying them could only fail).
  PL_ASSIGN(bool kept, drop_unsent(ctx.db, c.name, id, true));
  // Only a create that was never taken is known not to be on the server: one sent before (its
  // answer lost, then queued again) may have been applied, so the delete must go to the server.
  const bool never_sent = !kept && !entries.empty() && entries.front().op == "create" && entries.front().attempts == 0;
  if (!never_sent) {
    PL_TRY(save_pending(ctx.db, c.name, id, PendingRecord{pending ? pending->base : before, {}, true}));
    PL_TRY(append_outbox(ctx.db, c.name, id, "delete", Json::object()));
  }
  PL_ASSIGN(auto removed, delete_cascading(ctx, c, id));
  // The children removed with it: the server cascades too, so their queued writes go.
  for (std::size_t i = 1; i < removed.size(); ++i)
    PL_TRY(drop_unsent(ctx.db, removed[i].first, removed[i].second, false));
  return Ok{};
}

}  // namespace pocketlite
