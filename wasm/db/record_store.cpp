#include "db/record_store.h"

#include <algorithm>

#include "db/field_constraints.h"

namespace pocketlite {

namespace {

Field id_field() {
  Field f;
  f.id = f.name = "id";
  return f;
}
const Field kIdField = id_field();

Error record_error(const std::string& message) {
  Error e = bad_request("invalid_record", message);
  return e;
}

// A record names its collection by name (what binds a replica to its server) or, without a name,
// by id: the local one or the server's.
Status check_collection(const Collection& c, const JsonSpan* name, const JsonSpan* collection_id) {
  auto text = [](const JsonSpan* v) { return v->kind == JsonSpan::String ? decode_json_string(*v) : std::string(); };
  if (name != nullptr && text(name) != c.name)
    return record_error("the record belongs to collection " + std::string(name->raw) + ", not '" + c.name + "'");
  if (name == nullptr && collection_id != nullptr && !c.has_id(text(collection_id)))
    return record_error("the record belongs to collection " + std::string(collection_id->raw) + ", not '" +
                        c.record_collection_id() + "'");
  return Ok{};
}

}  // namespace

Error missing_id_error() {
  Error e = record_error("the record has no id");
  add_field_error(e.data, {"id"}, "validation_required", "id must be a non-empty string");
  return e;
}

Result<RecordStore::Plan*> RecordStore::plan_for(const Collection& c) {
  if (auto it = cache_.find(c.name); it != cache_.end()) return &it->second;
  Plan plan;
  plan.fields = c.stored_fields();
  const auto& fields = plan.fields;
  std::string columns = "\"id\"", selected = "t0.\"id\"", params = "?1", updates;
  plan.keys.push_back({OutputKey::CollectionId, "collectionId"});
  plan.keys.push_back({OutputKey::CollectionName, "collectionName"});
  plan.keys.push_back({OutputKey::Column, "id", 0, &kIdField});
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string q = quote_identifier(fields[i]->name);
    columns += ", " + q;
    selected += ", t0." + q;
    params += ", ?" + std::to_string(i + 2);
    updates += (updates.empty() ? "" : ", ") + q + " = excluded." + q;
    plan.keys.push_back({OutputKey::Column, fields[i]->name, static_cast<int>(i + 1), fields[i]});
    plan.field_index.emplace(fields[i]->name, i);
    if (c.is_auth() && fields[i]->name == "email") plan.email_column = static_cast<int>(i + 1);
    if (c.is_auth() && fields[i]->name == "emailVisibility") plan.visibility_column = static_cast<int>(i + 1);
  }
  // PocketBase serializes record keys in sorted order; so do we.
  std::sort(plan.keys.begin(), plan.keys.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  const std::string table = quote_identifier(c.name);
  std::string upsert_sql = "INSERT INTO " + table + " (" + columns + ") VALUES (" + params + ")";
  upsert_sql += updates.empty() ? " ON CONFLICT(\"id\") DO NOTHING" : " ON CONFLICT(\"id\") DO UPDATE SET " + updates;
  PL_ASSIGN(plan.upsert, db_->prepare(upsert_sql));
  PL_ASSIGN(plan.get, db_->prepare("SELECT " + selected + " FROM " + table + " t0 WHERE t0.\"id\" = ?1"));
  PL_ASSIGN(plan.get_by_rowid, db_->prepare("SELECT " + selected + " FROM " + table + " t0 WHERE t0.rowid = ?1"));
  plan.select_columns = selected;
  auto [it, inserted] = cache_.emplace(c.name, std::move(plan));
  return &it->second;
}

void RecordStore::append_row(std::string& out, const Collection& c, const Plan& plan, const Statement& row,
                             std::string_view without_field, const KeySet* keys) const {
  // PocketBase shows an auth record's email only to its owner or when emailVisibility is on.
  const bool hide_email = plan.email_column >= 0 && plan.visibility_column >= 0 &&
                          row.column_int(plan.visibility_column) == 0 && row.column_text(0) != owner_id_;
  out += '{';
  bool first = true;
  for (const auto& key : plan.keys) {
    if (hide_email && key.column == plan.email_column && key.kind == OutputKey::Column) continue;
    if (!without_field.empty() && key.kind == OutputKey::Column && key.name == without_field) continue;
    if (keys != nullptr && !keys->contains(key.name)) continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, key.name);
    out += ':';
    if (key.kind == OutputKey::CollectionId)
      append_json_string(out, c.record_collection_id());
    else if (key.kind == OutputKey::CollectionName)
      append_json_string(out, c.name);
    else
      append_field_json(out, row, key.column, *key.field);
  }
  out += '}';
}

Result<Json> RecordStore::upsert_one(const Collection& c, Plan& plan, const std::vector<JsonMember>& record,
                                     Validation level) {
  std::vector<const JsonSpan*> values(plan.fields.size(), nullptr);
  const JsonSpan *id = nullptr, *name = nullptr, *collection_id = nullptr;
  for (const auto& member : record) {
    if (member.key == "id") id = &member.value;
    if (auto it = plan.field_index.find(member.key); it != plan.field_index.end()) values[it->second] = &member.value;
    if (member.key == "collectionName") name = &member.value;
    if (member.key == "collectionId") collection_id = &member.value;
  }
  PL_TRY(check_collection(c, name, collection_id));
  if (id == nullptr || id->kind != JsonSpan::String || id->inner().empty()) return missing_id_error();
  const std::string id_text = decode_json_string(*id);
  Json errors = Json::object();
  plan.upsert.reset();
  plan.upsert.bind_text(1, id_text);
  for (std::size_t i = 0; i < plan.fields.size(); ++i)
    bind_field(plan.upsert, static_cast<int>(i + 2), *plan.fields[i], values[i], errors);
  if (level == Validation::Constraints)
    for (std::size_t i = 0; i < plan.fields.size(); ++i)
      if (!errors.contains(plan.fields[i]->name)) check_constraints(*plan.fields[i], values[i], errors);
  if (check_)
    for (std::size_t i = 0; i < plan.fields.size(); ++i) check_(c, *plan.fields[i], values[i], errors);
  if (!errors.empty()) {
    Error e = record_error("record " + id_text + " does not fit collection '" + c.name +
                           "': " + errors.begin().value()["message"].get<std::string>());
    e.data = std::move(errors);
    return e;
  }
  PL_TRY(plan.upsert.run());
  return Json();
}

Result<Json> RecordStore::upsert_record(const Collection& c, const std::vector<JsonMember>& record, Validation level) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  auto result = upsert_one(c, *plan, record, level);
  plan->upsert.reset();
  return result;
}

Result<std::string> RecordStore::record_columns(const Collection& c) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  return plan->select_columns;
}

Status RecordStore::append_record(std::string& out, const Collection& c, const Statement& row) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  append_row(out, c, *plan, row);
  return Ok{};
}

Result<std::string> RecordStore::get_one(const Collection& c, std::string_view id, std::string_view without_field) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  plan->get.reset();
  plan->get.bind_text(1, id);
  return one_record(c, *plan, plan->get, without_field);
}

Result<std::string> RecordStore::get_by_rowid(const Collection& c, std::int64_t rowid, std::string_view without_field) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  plan->get_by_rowid.reset();
  plan->get_by_rowid.bind_int(1, rowid);
  return one_record(c, *plan, plan->get_by_rowid, without_field);
}

Result<std::string> RecordStore::one_record(const Collection& c, const Plan& plan, Statement& st,
                                            std::string_view without_field) {
  PL_ASSIGN(bool row, st.step());
  if (!row) return not_found("The requested resource wasn't found.");
  std::string out;
  append_row(out, c, plan, st, without_field);
  st.reset();
  return out;
}

Result<std::string> RecordStore::list_sql(const Collection& c, const CompiledSql& where, const std::string& order) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  return "SELECT " + plan->select_columns + " FROM " + quote_identifier(c.name) + " t0 WHERE " + where.sql +
         " ORDER BY " + order + " LIMIT ?" + std::to_string(where.params.size() + 1) + " OFFSET ?" +
         std::to_string(where.params.size() + 2);
}

Result<std::string> RecordStore::list(const Collection& c, const CompiledSql& where, const std::string& order,
                                      std::int64_t limit, std::int64_t offset, const KeySet* keys) {
  PL_ASSIGN(Plan * plan, plan_for(c));
  PL_ASSIGN(std::string sql, list_sql(c, where, order));
  PL_ASSIGN(Statement st, db_->prepare(sql));
  st.bind_all(where.params);
  st.bind_int(static_cast<int>(where.params.size() + 1), limit);
  st.bind_int(static_cast<int>(where.params.size() + 2), offset);
  std::string out = "[";
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (out.size() > 1) out += ',';
    append_row(out, c, *plan, st, {}, keys);
  }
  return out + "]";
}

Result<std::int64_t> RecordStore::count(const Collection& c, const CompiledSql& where) {
  PL_ASSIGN(Statement st, db_->prepare("SELECT count(*) FROM " + quote_identifier(c.name) + " t0 WHERE " + where.sql));
  st.bind_all(where.params);
  PL_ASSIGN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

Result<bool> RecordStore::remove(const Collection& c, std::string_view id) {
  if (before_remove_) before_remove_(c, id);
  PL_ASSIGN(Statement st, db_->prepare("DELETE FROM " + quote_identifier(c.name) + " WHERE \"id\" = ?1"));
  st.bind_text(1, id);
  PL_TRY(st.run());
  return db_->changes() > 0;
}

}  // namespace pocketlite
