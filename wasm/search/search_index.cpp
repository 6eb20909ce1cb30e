#include "search/search_index.h"

#include <tuple>

namespace pocketlite {
namespace {

std::string column_list(const std::vector<std::string>& fields, const std::string& prefix) {
  std::string out;
  for (const auto& f : fields) out += ", " + prefix + quote_identifier(f);
  return out;
}

// Triggers queue every insert, update and delete of an indexed collection in a plain table, and
// the commit hands the queue to FTS5 in one statement (flush_search_queue). Writing FTS5 from the
// triggers directly costs ~4x more: FTS5 flushes its pending terms to a new segment at every
// savepoint, and SQLite opens one for each statement that has triggers, so each record became a
// segment to merge (bench/RESULTS.md, "A heavy user's replica").
Status create_queue(Database& db, const Collection& c, const std::vector<std::string>& fields) {
  const std::string fts = search_table_name(c), queue = quote_identifier(search_queue_name(c));
  const std::string columns = column_list(fields, "");
  PL_TRY(db.exec("CREATE TABLE " + queue + " (seq INTEGER PRIMARY KEY, op TEXT, rid INTEGER" + columns + ")"));
  const std::string insert = "INSERT INTO " + queue + " (op, rid" + columns + ") VALUES ";
  const std::string insert_new = insert + "(NULL, new.rowid" + column_list(fields, "new.") + ");";
  const std::string delete_old = insert + "('delete', old.rowid" + column_list(fields, "old.") + ");";
  for (const auto& [suffix, event, body] :
       {std::tuple{"_ai", "INSERT", insert_new}, std::tuple{"_ad", "DELETE", delete_old},
        std::tuple{"_au", "UPDATE", delete_old + insert_new}})
    PL_TRY(db.exec("CREATE TRIGGER " + quote_identifier(fts + suffix) + " AFTER " + event + " ON " +
                   quote_identifier(c.name) + " BEGIN " + body + " END"));
  return Ok{};
}

Status drop_queue(Database& db, const std::string& fts_table) {
  // The triggers live on the collection table: dropping the FTS table leaves them.
  for (const char* suffix : {"_ai", "_ad", "_au"})
    PL_TRY(db.exec("DROP TRIGGER IF EXISTS " + quote_identifier(fts_table + suffix)));
  const std::string collection = fts_table.substr(std::string_view(kSearchTablePrefix).size());
  return db.exec("DROP TABLE IF EXISTS " + quote_identifier(kSearchQueuePrefix + collection));
}

Status create_fts(Database& db, const Collection& c, const SearchDefinition& definition) {
  const std::string fts = quote_identifier(search_table_name(c));
  PL_TRY(db.exec("CREATE VIRTUAL TABLE " + fts + " USING fts5(" + column_list(definition.fields, "").substr(2) +
                 ", content='" + c.name + "', content_rowid='rowid', tokenize='" +
                 (definition.stemming ? "porter " : "") + "unicode61 remove_diacritics 2', prefix='2 3')"));
  PL_TRY(create_queue(db, c, definition.fields));
  return db.exec("INSERT INTO " + fts + " (" + fts + ") VALUES ('rebuild')");
}

Status drop_fts(Database& db, const std::string& fts_table) {
  PL_TRY(drop_queue(db, fts_table));
  return db.exec("DROP TABLE IF EXISTS " + quote_identifier(fts_table));
}

bool searchable(const Field& f) {
  return f.stored() && !f.multi &&
         (f.type == FieldType::Text || f.type == FieldType::Editor || f.type == FieldType::Email ||
          f.type == FieldType::Url || f.type == FieldType::Select);
}

}  // namespace

std::string search_table_name(const Collection& c) { return kSearchTablePrefix + c.name; }

std::string search_queue_name(const Collection& c) { return kSearchQueuePrefix + c.name; }

Status flush_search_queue(Database& db, const Collection& c, const SearchDefinition& definition) {
  const std::string fts = quote_identifier(search_table_name(c)), queue = quote_identifier(search_queue_name(c));
  const std::string columns = column_list(definition.fields, "");
  // In queue order: an update's 'delete' of the old text comes before the insert of the new.
  return db.exec("INSERT INTO " + fts + " (" + fts + ", rowid" + columns + ") SELECT op, rid" + columns + " FROM " +
                 queue + " ORDER BY seq; DELETE FROM " + queue);
}

Result<bool> upgrade_search_triggers(Database& db, const Collection& c, const SearchDefinition& definition) {
  PL_ASSIGN(Statement st, db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1"));
  st.bind_text(1, search_queue_name(c));
  PL_ASSIGN(bool queued, st.step());
  if (queued) return false;
  PL_TRY(drop_queue(db, search_table_name(c)));
  PL_TRY(create_queue(db, c, definition.fields));
  return true;
}

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
