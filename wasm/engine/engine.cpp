#include "engine/engine.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/json_parse.h"
#include "core/limits.h"
#include "core/options.h"
#include "query/filter_parser.h"
#include "search/fts_query.h"
#include "search/search_index.h"
#include "search/search_query.h"
#include "sync/sync_store.h"

namespace pocketlite {
namespace {

// WAL with FULL sync: a commit appends its pages to the log and syncs once, where a rollback
// journal syncs the journal, the database and the journal again. EXCLUSIVE locking comes first,
// so SQLite keeps the WAL index in heap memory and the VFS needs no shared memory. On volatile
// storage a journal file buys nothing a memory journal does not (rollback still works).
constexpr const char* kPragmas =
    "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY; "
    "PRAGMA foreign_keys = OFF;";
constexpr const char* kDurablePragmas =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 8388608;";
constexpr const char* kVolatilePragmas = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;";

// A collection that gained or retyped fields pulls again from the start: the values its records
// have on the server for those fields come back (they were dropped, or did not fit, before).
Status repull_if_fields_changed(Database& db, const Json& migrated) {
  const bool added = migrated.contains("added") && !migrated["added"].empty();
  const bool retyped = migrated.contains("retyped") && !migrated["retyped"].empty();
  if (!added && !retyped) return Ok{};
  const std::string name = migrated["name"].get<std::string>();
  PL_ASSIGN(Json cursor, load_cursor(db, name));
  if (!cursor.is_object() || !cursor.contains("updated")) return Ok{};
  return save_cursor(db, name, Json{{"syncedAt", cursor.value("syncedAt", Json(0))}});
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::open(const std::string& path, const OpenOptions& options) {
  PL_ASSIGN(Database db, Database::open(path, options.vfs));
  PL_TRY(db.exec(kPragmas));
  PL_TRY(db.exec(options.volatile_storage ? kVolatilePragmas : kDurablePragmas));
  PL_TRY(init_metadata(db));
  PL_TRY(init_search_metadata(db));
  PL_TRY(init_sync_metadata(db));
  PL_TRY(init_vector_store(db));
  PL_TRY(init_server_ids(db));
  auto engine = std::make_unique<Engine>(Key{}, path, std::move(db), options.owner_id);
  engine->install_change_hooks();
  PL_TRY(engine->reload_collections());
  PL_TRY(engine->upgrade_search_triggers());
  PL_TRY(engine->upgrade_vector_storage());
  PL_TRY(engine->load_vector_indexes());
  Engine* self = engine.get();
  engine->records_.set_field_check([self](const Collection& c, const Field& f, const JsonSpan* value, Json& errors) {
    self->check_vector_field(c, f, value, errors);
  });
  engine->records_.set_before_remove([self](const Collection& c, std::string_view id) {
    if (!self->effects_.values_wanted()) return;
    auto last = self->records_.get_one(c, id);
    if (last.ok()) self->effects_.on_last_value(c.name, id, std::move(last).value());
  });
  return engine;
}

namespace {

// Whether an UPDATE leaves every column as it was (an upsert of the same values): no change at all.
bool unchanged_row(sqlite3* db) {
  for (int i = 0, n = sqlite3_preupdate_count(db); i < n; ++i) {
    sqlite3_value *before = nullptr, *after = nullptr;
    if (sqlite3_preupdate_old(db, i, &before) != SQLITE_OK || sqlite3_preupdate_new(db, i, &after) != SQLITE_OK)
      return false;
    const int type = sqlite3_value_type(before);
    if (type != sqlite3_value_type(after)) return false;
    if (type == SQLITE_INTEGER && sqlite3_value_int64(before) != sqlite3_value_int64(after)) return false;
    if (type == SQLITE_FLOAT && sqlite3_value_double(before) != sqlite3_value_double(after)) return false;
    if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
      const std::string_view a(static_cast<const char*>(sqlite3_value_blob(before)), sqlite3_value_bytes(before));
      const std::string_view b(static_cast<const char*>(sqlite3_value_blob(after)), sqlite3_value_bytes(after));
      if (a != b) return false;
    }
  }
  return true;
}

// A collection row's id (column 0 of every collection table, see create_table_sql).
std::string_view row_id(sqlite3* db, int op) {
  sqlite3_value* id = nullptr;
  const int rc = op == SQLITE_INSERT ? sqlite3_preupdate_new(db, 0, &id) : sqlite3_preupdate_old(db, 0, &id);
  if (rc != SQLITE_OK || id == nullptr) return {};
  return value_text(id);
}

}  // namespace

// The preupdate hook sees every row change before it happens, the one place the effects of a
// commit are learned from: collection rows become record effects, rows of the tables rollups,
// column stores and vector indexes read are remembered for their refresh at commit. The
// rollback hook forgets a transaction that did not commit.
void Engine::install_change_hooks() {
  auto on_change = [](void* self, sqlite3* db, int op, const char*, const char* table, sqlite3_int64 old_rowid,
                      sqlite3_int64 new_rowid) {
    auto* engine = static_cast<Engine*>(self);
    const std::string_view name(table);
    if (op == SQLITE_UPDATE && unchanged_row(db)) return;
    const std::int64_t rowid = op == SQLITE_DELETE ? old_rowid : new_rowid;
    if (engine->rollup_tables_.count(name) != 0) {
      engine->pending_rollup_rows_.emplace(name, rowid);
      if (op == SQLITE_UPDATE && old_rowid != new_rowid) engine->pending_rollup_rows_.emplace(name, old_rowid);
    }
    for (const auto& f : engine->recent_filters_) {
      if (f.own_table != name) continue;
      engine->pending_filter_rows_.emplace(name, rowid);
      if (op == SQLITE_UPDATE && old_rowid != new_rowid) engine->pending_filter_rows_.emplace(name, old_rowid);
      break;
    }
    if (engine->vector_tables_.count(name) != 0) {
      engine->pending_vector_rows_.emplace(name, rowid);
      if (op == SQLITE_UPDATE && old_rowid != new_rowid) engine->pending_vector_rows_.emplace(name, old_rowid);
    }
    if (name.rfind(kSearchQueuePrefix, 0) == 0 && op == SQLITE_INSERT)
      engine->pending_search_queues_.emplace(name.substr(std::string_view(kSearchQueuePrefix).size()));
    else if (name == "_pl_outbox")
      engine->effects_.on_table(kOutboxTable);  // sync states changed: what watchers of a record's state follow
    else if (engine->collections_.count(std::string(name)) != 0)
      engine->effects_.on_record(name, row_id(db, op), op != SQLITE_INSERT, op != SQLITE_DELETE);
  };
  auto on_rollback = [](void* self) {
    static_cast<Engine*>(self)->effects_.rollback();
    static_cast<Engine*>(self)->pending_vector_rows_.clear();
    static_cast<Engine*>(self)->pending_rollup_rows_.clear();
    static_cast<Engine*>(self)->pending_filter_rows_.clear();
    static_cast<Engine*>(self)->pending_search_queues_.clear();
  };
  sqlite3_preupdate_hook(db_.get(), on_change, this);
  sqlite3_rollback_hook(db_.get(), on_rollback, this);
}

Status Engine::commit(Transaction& tx) {
  PL_TRY(flush_search_queues());
  PL_TRY(tx.commit());
  note_filter_rows();  // before the change counts move: it checks each filter was current
  for (const auto& table : effects_.pending_tables()) ++table_changes_[table];
  effects_.commit();
  ++generation_;
  PL_TRY(refresh_rollups());
  return refresh_vector_indexes();
}

Status Engine::flush_search_queues() {
  for (const auto& name : pending_search_queues_) {
    auto c = collections_.find(name);
    auto definition = c == collections_.end() ? search_.end() : search_.find(c->second.id);
    if (definition != search_.end()) PL_TRY(flush_search_queue(db_, c->second, definition->second));
  }
  pending_search_queues_.clear();
  return Ok{};
}

Status Engine::upgrade_search_triggers() {
  for (const auto& [name, c] : collections_) {
    auto definition = search_.find(c.id);
    if (definition == search_.end()) continue;
    PL_ASSIGN(Transaction tx, Transaction::begin(db_));
    PL_ASSIGN(bool upgraded, ::pocketlite::upgrade_search_triggers(db_, c, definition->second));
    if (upgraded) PL_TRY(commit(tx));
  }
  return Ok{};
}

std::string Engine::take_effects() {
  return effects_.take([this](const std::string& collection, const std::string& id) -> std::optional<std::string> {
    auto c = collections_.find(collection);
    if (c == collections_.end()) return std::nullopt;
    auto record = records_.get_one(c->second, id);
    return record.ok() ? std::optional<std::string>(std::move(record).value()) : std::nullopt;
  });
}

Result<std::string> Engine::tables_read(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(const std::string rollup, options.string("rollup", ""));
  if (!rollup.empty()) {  // a rollup not (yet) registered reads nothing
    auto it = rollups_.find(rollup);
    return Json(it == rollups_.end() ? std::vector<std::string>{} : std::vector<std::string>{it->second.collection})
        .dump();
  }
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(const std::string expand, options.string("expand", ""));
  PL_ASSIGN(CompiledSql where, where_clause(*c, options));
  PL_ASSIGN(std::string sql, records_.list_sql(*c, where, where.order));
  PL_ASSIGN(std::vector<std::string> tables, db_.tables_read(sql));
  std::set<std::string> names{c->name};  // a search reads the collection through its FTS index
  for (const auto& t : tables)
    if (collections_.count(t) != 0) names.insert(t);
  expand_tables(*c, expand, names);
  return Json(std::vector<std::string>(names.begin(), names.end())).dump();
}

Status Engine::reload_collections() {
  records_.invalidate();
  recent_filters_.clear();  // rowids and fields may have changed
  PL_ASSIGN(collections_, load_collections(db_));
  PL_TRY(load_server_ids(db_, collections_));
  PL_ASSIGN(search_, load_search_definitions(db_));
  note_vector_fields();  // the reloaded fields are unmarked, and a rename moves a vector table
  return Ok{};
}

Result<const Collection*> Engine::find(std::string_view name) const {
  auto it = collections_.find(name);
  if (it == collections_.end()) {
    for (const auto& [key, c] : collections_)
      if (c.has_id(name)) return &c;
    Error error = not_found("Missing collection context.");
    error.code = "unknown_collection";
    error.message = "the replica has no collection '" + std::string(name) + "'";
    return error;
  }
  return &it->second;
}

Result<std::string> Engine::apply_schema(std::string_view schema_json, std::string_view options_json) {
  // Apps apply their schema at every open: the same text as last time changes nothing, and a cold
  // open should not parse and compare every definition to find that out.
  const std::string input = std::string(options_json) + '\n' + std::string(schema_json);
  PL_ASSIGN(std::optional<std::string> same, summary_if_applied(db_, input));
  if (same) return std::move(*same);
  PL_ASSIGN(Json schema_doc, parse_json(schema_json, "schema"));
  PL_ASSIGN(Options options, Options::parse(options_json));
  const std::vector<ServerIdBinding> learned = bind_schema_ids(schema_doc, collections_);
  PL_ASSIGN(std::vector<Collection> schema, parse_schema(schema_doc));
  ApplyOptions apply;
  PL_ASSIGN(apply.drop_missing, options.boolean("dropMissing", true));
  records_.invalidate();  // statements may name tables about to change
  auto summary = apply_schema_in_transaction(schema, apply, learned, input);
  PL_TRY(reload_collections());  // after a rollback too: the stored definitions are the truth
  if (std::exchange(vector_reload_, false)) PL_TRY(load_vector_indexes());
  rebuild_rollups();
  if (!summary.ok()) return summary.take_error();
  return summary.value().dump();
}

Result<Json> Engine::apply_schema_in_transaction(const std::vector<Collection>& schema, const ApplyOptions& options,
                                                 const std::vector<ServerIdBinding>& learned, std::string_view input) {
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_ASSIGN(Json summary, ::pocketlite::apply_schema(db_, schema, options));
  for (const auto& [name, server_id] : learned) PL_TRY(save_server_id(db_, name, server_id));
  for (const auto& migrated : summary["migrated"]) PL_TRY(repull_if_fields_changed(db_, migrated));
  for (const char* kind : {"created", "dropped"})
    for (const auto& name : summary[kind]) effects_.on_table(name.get<std::string>());
  for (const auto& migrated : summary["migrated"]) effects_.on_table(migrated["name"].get<std::string>());
  // Table rebuilds change rowids and renames change names: search indexes are rebuilt with them.
  // A migration that changed only indexes (it names nothing but the collection) moved no row.
  const auto& migrated = summary["migrated"];
  const bool rows_moved = std::any_of(migrated.begin(), migrated.end(), [](const Json& m) { return m.size() > 1; });
  if (rows_moved || !summary["dropped"].empty()) {
    PL_ASSIGN(CollectionMap now, load_collections(db_));
    PL_ASSIGN(Json warnings, rebuild_search_indexes(db_, now));
    PL_ASSIGN(Json vector_warnings, repack_vector_fields(db_, now));
    for (auto& w : warnings) summary["warnings"].push_back(std::move(w));
    for (auto& w : vector_warnings) summary["warnings"].push_back(std::move(w));
    vector_reload_ = true;
  }
  PL_TRY(remember_applied(db_, input, summary));
  PL_TRY(commit(tx));
  return summary;
}

Result<std::string> Engine::define_search(std::string_view collection, std::string_view fields_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  // An array of field names, or {fields, stemming}.
  PL_ASSIGN(Json given, parse_json(fields_json, "fields"));
  const Json& fields = given.is_object() ? given["fields"] : given;
  SearchDefinition definition;
  if (given.is_object()) {
    const Json stemming = given.value("stemming", Json(false));
    if (!stemming.is_boolean()) return bad_request("invalid_search", "stemming must be true or false");
    definition.stemming = stemming.get<bool>();
  }
  if (fields.is_array())
    for (const auto& f : fields)
      if (f.is_string()) definition.fields.push_back(f.get<std::string>());
  if (!fields.is_array() || definition.fields.size() != fields.size())
    return bad_request("invalid_search", "search fields must be an array of field names");
  return define_search_in_transaction(*c, definition);
}

Result<std::string> Engine::define_search_in_transaction(const Collection& c, const SearchDefinition& definition) {
  const Json done{{"collection", c.name}, {"fields", definition.fields}, {"stemming", definition.stemming}};
  // Apps define their indexes at every start; only a change costs a rebuild.
  if (auto it = search_.find(c.id); it != search_.end() && it->second == definition) return done.dump();
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_TRY(define_search_index(db_, c, definition));
  PL_TRY(commit(tx));
  PL_ASSIGN(search_, load_search_definitions(db_));
  return done.dump();
}

Result<std::string> Engine::search(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  auto definition = search_.find(c->id);
  if (definition == search_.end())
    return bad_request("invalid_search", "'" + c->name + "' has no search index (define one with defineSearch)");
  SearchRequest request;
  PL_ASSIGN(std::string query, options.string("query", ""));
  PL_ASSIGN(std::string match, options.string("match", "all"));
  if (match != "all" && match != "any") return bad_request("invalid_search", "match must be 'all' or 'any'");
  PL_ASSIGN(FtsQuery fts, to_fts_query(query, match == "any" ? TermMatch::Any : TermMatch::All));
  request.match = std::move(fts.match);
  request.all = std::move(fts.all);
  PL_ASSIGN(request.where, where_clause(*c, options));
  PL_ASSIGN(std::int64_t limit, options.integer("limit", 20));
  request.limit = std::clamp<std::int64_t>(limit, 1, 200);
  PL_ASSIGN(std::string cursor, options.string("cursor", ""));
  request.offset = cursor.empty() ? 0 : std::max<std::int64_t>(0, std::atoll(cursor.c_str()));
  PL_ASSIGN(request.total, options.boolean("total", false));
  return run_search(db_, records_, *c, definition->second.fields, request);
}

Result<std::string> Engine::collections() const {
  Json out = Json::array();
  for (const auto& [name, c] : collections_) out.push_back(c.definition);
  return out.dump();
}

Result<std::string> Engine::get_one(std::string_view collection, std::string_view id, std::string_view expand) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(std::string record, records_.get_one(*c, id));
  return expand.empty() ? record : expand_records(*c, record, expand);
}

FilterContext Engine::filter_context(const Collection& c) const {
  FilterContext context;
  context.root = &c;
  context.lookup = [this](std::string_view id_or_name) -> const Collection* {
    auto found = find(id_or_name);
    return found.ok() ? found.value() : nullptr;
  };
  return context;
}

Result<CompiledSql> Engine::where_clause(const Collection& c, const Options& options) const {
  FilterContext context = filter_context(c);
  PL_ASSIGN(context.now_ms, options.integer("now", 0));
  PL_ASSIGN(std::string filter, options.string("filter", ""));
  PL_ASSIGN(FilterExpr expr, parse_filter(filter));
  CompiledSql where;
  PL_TRY(compile_filter(expr, context, where));
  PL_ASSIGN(std::string sort, options.string("sort", ""));
  PL_ASSIGN(std::string order, compile_sort(sort, context, where));
  where.order = std::move(order);
  return where;
}

namespace {

// The top-level keys a PocketBase `fields` list can keep: each pick's first segment (`content` of
// `content:excerpt(200,true)`, `expand` of `expand.user.name`); nothing to trim when it is empty
// or picks `*`. A superset is fine (a comma inside a modifier adds a key no field has): the
// exact picking, modifiers included, happens in JS (js/fields.ts) on these smaller records.
std::optional<KeySet> top_level_keys(std::string_view fields) {
  KeySet keys;
  while (!fields.empty()) {
    const std::size_t comma = fields.find(',');
    std::string_view pick = fields.substr(0, comma);
    fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
    pick = pick.substr(0, pick.find_first_of(":."));
    pick.remove_prefix(std::min(pick.size(), pick.find_first_not_of(" \t\r\n")));
    pick = pick.substr(0, pick.find_last_not_of(" \t\r\n") + 1);
    if (pick == "*") return std::nullopt;
    if (!pick.empty()) keys.emplace(pick);
  }
  if (keys.empty()) return std::nullopt;
  return keys;
}

}  // namespace

Result<std::string> Engine::get_list(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(CompiledSql where, where_clause(*c, options));
  PL_ASSIGN(const bool all, options.boolean("all", false));
  PL_ASSIGN(const bool skip_total, options.boolean("skipTotal", false));
  PL_ASSIGN(std::int64_t page, options.integer("page", 1));
  PL_ASSIGN(std::int64_t per_page, options.integer("perPage", 30));
  page = std::max<std::int64_t>(1, page);
  if (per_page <= 0) per_page = 30;
  per_page = std::min(per_page, kMaxPerPage);
  PL_ASSIGN(const std::string expand, options.string("expand", ""));
  PL_ASSIGN(const std::string fields, options.string("fields", ""));
  // Expanding reads the relation fields from the items: they are trimmed after it (in JS).
  const std::optional<KeySet> keys = expand.empty() ? top_level_keys(fields) : std::nullopt;
  if (all) page = 1, per_page = -1;
  PL_ASSIGN(std::string items,
            records_.list(*c, where, where.order, per_page, (page - 1) * std::max<std::int64_t>(per_page, 0),
                          keys ? &*keys : nullptr));
  if (!expand.empty()) {
    PL_ASSIGN(items, expand_records(*c, items, expand));
  }
  std::int64_t total = -1, total_pages = -1;
  if (!skip_total) {
    PL_ASSIGN(total, records_.count(*c, where));
    total_pages = all ? (total > 0 ? 1 : 0) : (total + per_page - 1) / per_page;
  }
  if (all) per_page = total >= 0 ? total : 0;
  return "{\"items\":" + items + ",\"page\":" + std::to_string(page) + ",\"perPage\":" + std::to_string(per_page) +
         ",\"totalItems\":" + std::to_string(total) + ",\"totalPages\":" + std::to_string(total_pages) + "}";
}

Result<std::string> Engine::count(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(CompiledSql where, where_clause(*c, options));
  PL_ASSIGN(std::int64_t n, records_.count(*c, where));
  return std::to_string(n);
}

}  // namespace pocketlite
