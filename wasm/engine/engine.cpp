#include "engine/engine.h"

#include "core/json_parse.h"

namespace pocketlite {
namespace {

// Rollback journal (no WAL: one writer per replica, and WAL needs shared memory the browser
// VFS cannot offer); FULL sync so a commit is durable once acknowledged. On volatile storage a
// journal file buys nothing a memory journal does not (rollback still works), so it is skipped.
constexpr const char* kPragmas =
    "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY; "
    "PRAGMA foreign_keys = OFF;";
constexpr const char* kDurablePragmas = "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = FULL;";
constexpr const char* kVolatilePragmas = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;";

Result<Json> parse_options(std::string_view text) {
  if (text.empty()) return Json::object();
  PL_ASSIGN(Json options, parse_json(text, "options"));
  if (!options.is_object()) return bad_request("invalid_options", "options must be a JSON object");
  return options;
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::open(const std::string& path, const OpenOptions& options) {
  PL_ASSIGN(Database db, Database::open(path, options.vfs));
  PL_TRY(db.exec(kPragmas));
  PL_TRY(db.exec(options.volatile_storage ? kVolatilePragmas : kDurablePragmas));
  PL_TRY(init_metadata(db));
  auto engine = std::make_unique<Engine>(Key{}, path, std::move(db), options.owner_id);
  PL_TRY(engine->reload_collections());
  return engine;
}

Status Engine::reload_collections() {
  records_.invalidate();
  PL_ASSIGN(collections_, load_collections(db_));
  return Ok{};
}

Result<const Collection*> Engine::find(std::string_view name) const {
  auto it = collections_.find(name);
  if (it == collections_.end()) {
    for (const auto& [key, c] : collections_)
      if (c.id == name) return &c;
    Error error = not_found("Missing collection context.");
    error.code = "unknown_collection";
    error.message = "the replica has no collection '" + std::string(name) + "'";
    return error;
  }
  return &it->second;
}

Result<std::string> Engine::apply_schema(std::string_view schema_json, std::string_view options_json) {
  PL_ASSIGN(Json schema_doc, parse_json(schema_json, "schema"));
  PL_ASSIGN(Json options, parse_options(options_json));
  PL_ASSIGN(std::vector<Collection> schema, parse_schema(schema_doc));
  ApplyOptions apply;
  if (auto it = options.find("dropMissing"); it != options.end() && it->is_boolean())
    apply.drop_missing = it->get<bool>();
  records_.invalidate();  // statements may name tables about to change
  auto summary = apply_schema_in_transaction(schema, apply);
  PL_TRY(reload_collections());  // after a rollback too: the stored definitions are the truth
  if (!summary.ok()) return summary.take_error();
  return summary.value().dump();
}

Result<Json> Engine::apply_schema_in_transaction(const std::vector<Collection>& schema, const ApplyOptions& options) {
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_ASSIGN(Json summary, ::pocketlite::apply_schema(db_, schema, options));
  PL_TRY(tx.commit());
  return summary;
}

Result<std::string> Engine::collections() const {
  Json out = Json::array();
  for (const auto& [name, c] : collections_) out.push_back(c.definition);
  return out.dump();
}

Result<std::string> Engine::upsert(std::string_view collection, std::string_view records_json,
                                   std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Json options, parse_options(options_json));
  const Validation level =
      options.value("validate", "types") == "constraints" ? Validation::Constraints : Validation::Types;
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_ASSIGN(Json summary, records_.upsert(*c, records_json, level));
  PL_TRY(tx.commit());
  return summary.dump();
}

Result<std::string> Engine::get_one(std::string_view collection, std::string_view id) {
  PL_ASSIGN(const Collection* c, find(collection));
  return records_.get_one(*c, id);
}

Result<std::string> Engine::list(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Json options, parse_options(options_json));
  ListOptions list;
  if (auto it = options.find("sort"); it != options.end() && it->is_string()) list.sort = it->get<std::string>();
  if (auto it = options.find("limit"); it != options.end() && it->is_number_integer())
    list.limit = it->get<std::int64_t>();
  if (auto it = options.find("offset"); it != options.end() && it->is_number_integer())
    list.offset = it->get<std::int64_t>();
  return records_.list(*c, list);
}

Result<std::string> Engine::remove(std::string_view collection, std::string_view id) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_ASSIGN(bool removed, records_.remove(*c, id));
  if (!removed) return not_found("The requested resource wasn't found.");
  PL_TRY(tx.commit());
  return std::string("true");
}

Result<std::string> Engine::count(std::string_view collection) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(std::int64_t n, records_.count(*c));
  return std::to_string(n);
}

}  // namespace pocketlite
