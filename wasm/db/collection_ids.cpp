#include "db/collection_ids.h"

#include <map>

namespace pocketlite {
namespace {

std::string text_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_local_id(const CollectionMap& local, const std::string& id) {
  for (const auto& [name, c] : local)
    if (c.id == id) return true;
  return false;
}

// Gives the incoming fields of `c` the ids of the local fields with the same names, unless the
// incoming id is already a local field's (then the server's field ids are the replica's too).
void bind_field_ids(Json& fields, const Collection& c) {
  if (!fields.is_array()) return;
  for (auto& field : fields) {
    if (!field.is_object()) continue;
    const Field* same_name = c.find_field(text_at(field, "name"));
    const std::string id = text_at(field, "id");
    bool id_known = false;
    for (const auto& f : c.fields) id_known = id_known || f.id == id;
    if (same_name != nullptr && !id_known) field["id"] = same_name->id;
  }
}

}  // namespace

Status init_server_ids(Database& db) {
  return db.exec("CREATE TABLE IF NOT EXISTS _pl_server_ids (name TEXT PRIMARY KEY NOT NULL, server_id TEXT NOT NULL)");
}

Status load_server_ids(Database& db, CollectionMap& collections) {
  PL_ASSIGN(Statement st, db.prepare("SELECT name, server_id FROM _pl_server_ids"));
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (auto it = collections.find(st.column_text(0)); it != collections.end())
      it->second.server_id = std::string(st.column_text(1));
  }
  return Ok{};
}

Status save_server_id(Database& db, std::string_view name, std::string_view server_id) {
  PL_ASSIGN(Statement st, db.prepare("INSERT INTO _pl_server_ids (name, server_id) VALUES (?1, ?2) "
                                     "ON CONFLICT(name) DO UPDATE SET server_id = excluded.server_id"));
  st.bind_text(1, name);
  st.bind_text(2, server_id);
  return st.run();
}

std::vector<ServerIdBinding> bind_schema_ids(Json& schema, const CollectionMap& local) {
  Json* list = &schema;
  if (schema.is_object() && schema.contains("items")) list = &schema["items"];
  std::vector<ServerIdBinding> learned;
  if (!list->is_array()) return learned;        // parse_schema reports it
  std::map<std::string, std::string> local_id;  // incoming collection id → the replica's
  for (auto& definition : *list) {
    if (!definition.is_object()) continue;
    auto it = local.find(text_at(definition, "name"));
    const std::string id = text_at(definition, "id");
    if (it == local.end()) continue;
    if (auto fields = definition.find("fields"); fields != definition.end()) bind_field_ids(*fields, it->second);
    if (id.empty() || id == it->second.id || has_local_id(local, id)) continue;
    local_id[id] = it->second.id;
    learned.emplace_back(it->second.name, id);
    definition["id"] = it->second.id;
  }
  for (auto& definition : *list) {
    if (!definition.is_object() || !definition.contains("fields") || !definition["fields"].is_array()) continue;
    for (auto& field : definition["fields"]) {
      if (!field.is_object()) continue;
      if (auto it = local_id.find(text_at(field, "collectionId")); it != local_id.end())
        field["collectionId"] = it->second;
    }
  }
  return learned;
}

}  // namespace pocketlite
