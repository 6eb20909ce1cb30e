#include "search/search_index.h"

#include <tuple>

namespace pocketlite {
namespace {

// Triggers keep the external-content index in step with every insert, update and delete.
Status create_fts(Database& db, const Collection& c, const SearchDefinition& definition) {
  const std::vector<std::string>& fields = definition.fields;
  const std::string fts = quote_identifier(search_table_name(c)), table = quote_identifier(c.name);
  std::string columns, new_values, old_values;
  for (const auto& f : fields) {
    columns += ", " + quote_identifier(f);
    new_values += ", new." + quote_identifier(f);
    old_values += ", old." + quote_identifier(f);
  }
  const std::string insert_new = "INSERT INTO " + fts + " (rowid" + columns + ") VALUES (new.rowid" + new_values + ");";
  const std::string delete_old =
      "INSERT INTO " + fts + " (" + fts + ", rowid" + columns + ") VALUES ('delete', old.rowid" + old_values + ");";
  PL_TRY(db.exec("CREATE VIRTUAL TABLE " + fts + " USING fts5(" + columns.substr(2) + ", content='" + c.name +
                 "', content_rowid='rowid', tokenize='" + (definition.stemming ? "porter " : "") +
                 "unicode61 remove_diacritics 2', prefix='2 3')"));
  for (const auto& [suffix, event, body] :
       {std::tuple{"_ai", "INSERT", insert_new}, std::tuple{"_ad", "DELETE", delete_old},
        std::tuple{"_au", "UPDATE", delete_old + insert_new}})
    PL_TRY(db.exec("CREATE TRIGGER " + quote_identifier(search_table_name(c) + suffix) + " AFTER " + event + " ON " +
                   table + " BEGIN " + body + " END"));
  return db.exec("INSERT INTO " + fts + " (" + fts + ") VALUES ('rebuild')");
}

Status drop_fts(Database& db, const std::string& fts_table) {
  // Dropping the table does not drop the triggers, which live on the collection table.
  for (const char* suffix : {"_ai", "_ad", "_au"})
    PL_TRY(db.exec("DROP TRIGGER IF EXISTS " + quote_identifier(fts_table + suffix)));
  return db.exec("DROP TABLE IF EXISTS " + quote_identifier(fts_table));
}

bool searchable(const Field& f) {
  return f.stored() && !f.multi &&
         (f.type == FieldType::Text || f.type == FieldType::Editor || f.type == FieldType::Email ||
          f.type == FieldType::Url || f.type == FieldType::Select);
}

}  // namespace

std::string search_table_name(const Collection& c) { return "_pl_fts_" + c.name; }

Status init_search_metadata(Database& db) {
  return db.exec(
      "CREATE TABLE IF NOT EXISTS _pl_search (collection_id TEXT PRIMARY KEY NOT NULL, fields JSON NOT NULL)");
}

Result<SearchDefinitions> load_search_definitions(Database& db) {
  PL_ASSIGN(Statement st, db.prepare("SELECT collection_id, fields FROM _pl_search"));
  SearchDefinitions out;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    // An array of field names, or {fields, stemming} (the names alone were written before stemming).
    const Json saved = Json::parse(st.column_text(1), nullptr, false);
    const Json& fields = saved.is_object() ? saved["fields"] : saved;
    auto& definition = out[std::string(st.column_text(0))];
    definition.stemming = saved.is_object() && saved.value("stemming", false);
    if (fields.is_array())
      for (const auto& f : fields)
        if (f.is_string()) definition.fields.push_back(f.get<std::string>());
  }
  return out;
}

Status define_search_index(Database& db, const Collection& c, const SearchDefinition& definition) {
  const std::vector<std::string>& fields = definition.fields;
  if (fields.empty()) return bad_request("invalid_search", "a search index needs at least one field");
  for (const auto& name : fields) {
    const Field* f = c.find_field(name);
    if (f == nullptr || !searchable(*f))
      return bad_request("invalid_search",
                         "'" + name + "' is not a text field of '" + c.name + "' that can be searched");
  }
  PL_ASSIGN(Statement save, db.prepare("INSERT INTO _pl_search (collection_id, fields) VALUES (?1, ?2) "
                                       "ON CONFLICT(collection_id) DO UPDATE SET fields = excluded.fields"));
  save.bind_text(1, c.id);
  save.bind_text(2, Json{{"fields", fields}, {"stemming", definition.stemming}}.dump());
  PL_TRY(save.run());
  PL_TRY(drop_fts(db, search_table_name(c)));
  return create_fts(db, c, definition);
}

Result<Json> rebuild_search_indexes(Database& db, const std::map<std::string, Collection, std::less<>>& collections) {
  PL_ASSIGN(Statement list,
            db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, 8) = '_pl_fts_' "
                       "AND sql LIKE 'CREATE VIRTUAL TABLE%'"));
  std::vector<std::string> tables;
  for (;;) {
    PL_ASSIGN(bool row, list.step());
    if (!row) break;
    tables.emplace_back(list.column_text(0));
  }
  for (const auto& t : tables) PL_TRY(drop_fts(db, t));
  PL_ASSIGN(SearchDefinitions definitions, load_search_definitions(db));
  Json warnings = Json::array();
  for (const auto& [id, definition] : definitions) {
    const Collection* c = nullptr;
    for (const auto& [name, candidate] : collections)
      if (candidate.id == id) c = &candidate;
    auto status = c == nullptr ? Status(bad_request("invalid_search", "its collection was dropped"))
                               : define_search_index(db, *c, definition);
    if (status.ok()) continue;
    warnings.push_back("search index on " + (c ? c->name : id) + " removed: " + status.error().message);
    PL_ASSIGN(Statement forget, db.prepare("DELETE FROM _pl_search WHERE collection_id = ?1"));
    forget.bind_text(1, id);
    PL_TRY(forget.run());
  }
  return warnings;
}

}  // namespace pocketlite
