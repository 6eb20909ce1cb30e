#include "db/schema_store.h"

#include <algorithm>
#include <map>

#include "db/field_codec.h"
#include "db/index_sql.h"

namespace pocketlite {
namespace {

constexpr int kFormatVersion = 1;
/// Bumped when how definitions become tables and indexes changes: a replica then compares its
/// definitions again even when the app applies the same schema text as before.
constexpr char kSchemaRules[] = "schema-rules-1\n";

std::string create_table_sql(const Collection& c, const std::string& table) {
  std::string sql = "CREATE TABLE " + quote_identifier(table) + " (\"id\" TEXT PRIMARY KEY NOT NULL";
  for (const Field* f : c.stored_fields()) sql += ", " + quote_identifier(f->name) + " " + column_definition(*f);
  return sql + ")";
}

const Field* find_previous(const Collection& old, const Field& now) {
  for (const auto& f : old.fields)
    if (f.id == now.id && f.stored()) return &f;
  return nullptr;
}

bool same_storage(const Collection& a, const Collection& b) {
  const auto fa = a.stored_fields(), fb = b.stored_fields();
  if (fa.size() != fb.size()) return false;
  for (std::size_t i = 0; i < fa.size(); ++i)
    if (fa[i]->id != fb[i]->id || fa[i]->name != fb[i]->name || column_definition(*fa[i]) != column_definition(*fb[i]))
      return false;
  return true;
}

// Rebuilds the table with the new columns, carrying each field's data over by field id
// (so renames keep their data) and converting values whose storage changed.
Result<Json> rebuild_table(Database& db, const Collection& old, const Collection& now) {
  Json changes{{"name", now.name},
               {"added", Json::array()},
               {"removed", Json::array()},
               {"renamed", Json::array()},
               {"retyped", Json::array()}};
  std::string columns = "\"id\"", values = "\"id\"";
  for (const Field* f : now.stored_fields()) {
    const Field* prev = find_previous(old, *f);
    if (prev == nullptr) {
      changes["added"].push_back(f->name);
      continue;
    }
    if (prev->name != f->name) changes["renamed"].push_back({prev->name, f->name});
    if (column_definition(*prev) != column_definition(*f) || prev->type != f->type)
      changes["retyped"].push_back(f->name);
    auto expr = convert_column_sql(*prev, *f, quote_identifier(prev->name));
    if (!expr) continue;
    columns += ", " + quote_identifier(f->name);
    values += ", " + *expr;
  }
  for (const Field* f : old.stored_fields()) {
    bool kept = false;
    for (const Field* g : now.stored_fields()) kept = kept || g->id == f->id;
    if (!kept) changes["removed"].push_back(f->name);
  }
  PL_TRY(db.exec(create_table_sql(now, "_pl_rebuild")));
  PL_TRY(db.exec("INSERT INTO \"_pl_rebuild\" (" + columns + ") SELECT " + values + " FROM " +
                 quote_identifier(old.name)));
  PL_TRY(db.exec("DROP TABLE " + quote_identifier(old.name)));
  PL_TRY(db.exec("ALTER TABLE \"_pl_rebuild\" RENAME TO " + quote_identifier(now.name)));
  return changes;
}

// The replica's own indexes on `table`, by name, with the statement that created each.
Result<std::map<std::string, std::string>> existing_indexes(Database& db, const std::string& table) {
  PL_ASSIGN(Statement list, db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 "
                                       "AND substr(name, 1, 8) = '_pl_idx_'"));
  list.bind_text(1, table);
  std::map<std::string, std::string> out;
  for (;;) {
    PL_ASSIGN(bool row, list.step());
    if (!row) break;
    out.emplace(list.column_text(0), list.column_text(1));
  }
  return out;
}

// Whether index `i` serves no lookup another index does not: its columns (name and collation;
// direction aside, since SQLite scans either way) lead another index, or repeat an earlier one.
// Every index costs each write a B-tree insert, so the replica keeps only those that count.
bool covered_by_another(const std::vector<std::vector<IndexColumn>>& indexes, std::size_t i) {
  const auto& mine = indexes[i];
  for (std::size_t j = 0; j < indexes.size(); ++j) {
    const auto& other = indexes[j];
    if (j == i || other.size() < mine.size() || (other.size() == mine.size() && j > i)) continue;
    if (std::equal(mine.begin(), mine.end(), other.begin(), [](const IndexColumn& a, const IndexColumn& b) {
          return a.name == b.name && a.collate == b.collate;
        }))
      return true;
  }
  return false;
}

// The column lists of the collection's indexes the replica can build (stored fields only);
// a warning for each one it cannot.
std::vector<std::vector<IndexColumn>> buildable_indexes(const Collection& c, Json& warnings) {
  std::vector<std::vector<IndexColumn>> out;
  for (const auto& sql : c.indexes) {
    auto spec = parse_index_sql(sql);
    if (!spec.ok()) {
      warnings.push_back(c.name + ": " + spec.error().message);
      continue;
    }
    bool known = true, stored = true;
    for (const auto& col : spec.value().columns) {
      const Field* f = c.find_field(col.name);
      known = known && (col.name == "id" || f != nullptr);
      stored = stored && (col.name == "id" || (f != nullptr && f->stored()));
    }
    if (!known)
      warnings.push_back(c.name + ": index " + spec.value().name + " names a column the collection does not have");
    else if (stored)  // an index on a hidden field is left out: the replica never sees those values
      out.push_back(std::move(spec.value().columns));
  }
  return out;
}

// Unique indexes are created as plain ones: the server enforces uniqueness, and a page applied
// in another order than the server's commits could otherwise fail on a transient duplicate.
// Partial ones are created whole (the WHERE is not kept), so one leading another is redundant.
// Only the indexes whose statement changed are dropped or built: building one reads the whole
// table, and an app adding a local index should not pay for rebuilding the server's.
Status create_indexes(Database& db, const Collection& c, Json& warnings) {
  PL_ASSIGN(auto existing, existing_indexes(db, c.name));
  const auto indexes = buildable_indexes(c, warnings);
  std::map<std::string, std::string> wanted;  // name, statement
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    if (covered_by_another(indexes, i)) continue;
    std::string cols;
    for (const auto& col : indexes[i])
      cols += (cols.empty() ? "" : ", ") + quote_identifier(col.name) +
              (col.collate.empty() ? "" : " COLLATE " + col.collate) + (col.descending ? " DESC" : "");
    std::string name = "_pl_idx_" + c.name + "_" + std::to_string(i);
    std::string sql = "CREATE INDEX " + quote_identifier(name) + " ON " + quote_identifier(c.name) + " (" + cols + ")";
    wanted.emplace(std::move(name), std::move(sql));
  }
  const auto differs = [](const auto& index, const auto& other) {
    auto it = other.find(index.first);
    return it == other.end() || it->second != index.second;
  };
  for (const auto& index : existing)
    if (differs(index, wanted)) PL_TRY(db.exec("DROP INDEX " + quote_identifier(index.first)));
  for (const auto& index : wanted)
    if (differs(index, existing)) PL_TRY(db.exec(index.second));
  return Ok{};
}

Status save_definition(Database& db, const Collection& c) {
  PL_ASSIGN(Statement st,
            db.prepare("INSERT INTO _pl_collections (id, name, definition) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition"));
  st.bind_text(1, c.id);
  st.bind_text(2, c.name);
  st.bind_text(3, c.definition.dump());
  return st.run();
}

Status forget_definition(Database& db, const std::string& id) {
  PL_ASSIGN(Statement st, db.prepare("DELETE FROM _pl_collections WHERE id = ?1"));
  st.bind_text(1, id);
  return st.run();
}

const Collection* find_existing(const CollectionMap& existing, const Collection& c) {
  for (const auto& [name, old] : existing)
    if (old.id == c.id) return &old;
  auto it = existing.find(c.name);
  return it == existing.end() ? nullptr : &it->second;
}

// Migrates one existing collection to its new definition; returns its change summary.
Result<Json> migrate_collection(Database& db, const Collection& old, const Collection& now, Json& warnings) {
  Json changes{{"name", now.name}};
  if (old.name != now.name) {
    PL_TRY(db.exec("ALTER TABLE " + quote_identifier(old.name) + " RENAME TO " + quote_identifier(now.name)));
    changes["renamedFrom"] = old.name;
  }
  if (!same_storage(old, now)) {
    Collection renamed = old;
    renamed.name = now.name;
    PL_ASSIGN(Json fields, rebuild_table(db, renamed, now));
    changes.update(fields);
  }
  PL_TRY(create_indexes(db, now, warnings));
  return changes;
}

}  // namespace

Status init_metadata(Database& db) {
  PL_TRY(
      db.exec("CREATE TABLE IF NOT EXISTS _pl_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
              "CREATE TABLE IF NOT EXISTS _pl_collections (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE, "
              "definition JSON NOT NULL);"
              "INSERT OR IGNORE INTO _pl_meta (key, value) VALUES ('format', '" +
              std::to_string(kFormatVersion) + "')"));
  PL_ASSIGN(Statement st, db.prepare("SELECT value FROM _pl_meta WHERE key = 'format'"));
  PL_ASSIGN(bool row, st.step());
  const int version = row ? std::atoi(std::string(st.column_text(0)).c_str()) : 0;
  if (version > kFormatVersion)
    return bad_request("format_too_new", "this replica was written by a newer pocketlite (format " +
                                             std::to_string(version) + "; this build reads up to " +
                                             std::to_string(kFormatVersion) + ")");
  return Ok{};
}

Result<CollectionMap> load_collections(Database& db) {
  PL_ASSIGN(Statement st, db.prepare("SELECT definition FROM _pl_collections"));
  CollectionMap out;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    const Json definition = Json::parse(st.column_text(0), nullptr, false);
    PL_ASSIGN(Collection c, parse_collection(definition));
    out.emplace(c.name, std::move(c));
  }
  return out;
}

Result<std::optional<std::string>> summary_if_applied(Database& db, std::string_view input) {
  PL_ASSIGN(Statement st, db.prepare("SELECT a.value, b.value FROM _pl_meta a JOIN _pl_meta b "
                                     "ON a.key = 'applied_schema' AND b.key = 'applied_schema_summary'"));
  PL_ASSIGN(bool row, st.step());
  if (!row) return std::optional<std::string>{};
  const std::string_view applied = st.column_text(0);
  const std::string_view rules = kSchemaRules;
  if (applied.substr(0, rules.size()) != rules || applied.substr(rules.size()) != input)
    return std::optional<std::string>{};
  return std::optional<std::string>{std::string(st.column_text(1))};
}

Status remember_applied(Database& db, std::string_view input, const Json& summary) {
  // Applied again, every collection it kept is unchanged and nothing else happens.
  Json again{{"created", Json::array()}, {"migrated", Json::array()},     {"unchanged", Json::array()},
             {"dropped", Json::array()}, {"skipped", summary["skipped"]}, {"warnings", Json::array()}};
  for (const auto& name : summary["created"]) again["unchanged"].push_back(name);
  for (const auto& migrated : summary["migrated"]) again["unchanged"].push_back(migrated["name"]);
  for (const auto& name : summary["unchanged"]) again["unchanged"].push_back(name);
  PL_ASSIGN(Statement st,
            db.prepare("INSERT INTO _pl_meta (key, value) VALUES ('applied_schema', ?1), "
                       "('applied_schema_summary', ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  st.bind_text(1, std::string(kSchemaRules) + std::string(input));
  st.bind_text(2, again.dump());
  return st.run();
}

Result<Json> apply_schema(Database& db, const std::vector<Collection>& schema, const ApplyOptions& options) {
  PL_ASSIGN(CollectionMap existing, load_collections(db));
  Json summary{{"created", Json::array()}, {"migrated", Json::array()}, {"unchanged", Json::array()},
               {"dropped", Json::array()}, {"skipped", Json::array()},  {"warnings", Json::array()}};
  // Drops go first, so a collection may take over the name of one the server deleted.
  std::vector<std::string> kept_ids;
  for (const auto& c : schema) kept_ids.push_back(c.id);
  for (auto it = existing.begin(); it != existing.end() && options.drop_missing;) {
    const Collection& old = it->second;
    if (std::find(kept_ids.begin(), kept_ids.end(), old.id) != kept_ids.end()) {
      ++it;
      continue;
    }
    PL_TRY(db.exec("DROP TABLE " + quote_identifier(old.name)));
    PL_TRY(forget_definition(db, old.id));
    summary["dropped"].push_back(old.name);
    it = existing.erase(it);
  }
  for (const auto& c : schema) {
    if (is_internal_collection(c.name)) {
      summary["skipped"].push_back(c.name);
      continue;
    }
    const Collection* old = find_existing(existing, c);
    if (old == nullptr) {
      PL_TRY(db.exec(create_table_sql(c, c.name)));
      PL_TRY(create_indexes(db, c, summary["warnings"]));
      summary["created"].push_back(c.name);
    } else if (old->definition == c.definition) {
      summary["unchanged"].push_back(c.name);
      continue;
    } else {
      PL_ASSIGN(Json changes, migrate_collection(db, *old, c, summary["warnings"]));
      summary["migrated"].push_back(std::move(changes));
    }
    PL_TRY(save_definition(db, c));
  }
  return summary;
}

}  // namespace pocketlite
