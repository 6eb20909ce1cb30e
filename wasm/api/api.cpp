#include "api/api.h"

#include <map>
#include <memory>

#include "core/limits.h"
#include "engine/engine.h"

namespace pocketlite::api {
namespace {

std::map<int, std::unique_ptr<Engine>>& engines() {
  static std::map<int, std::unique_ptr<Engine>> registry;
  return registry;
}

std::string reply(const Error& error) { return kErrorMark + error.to_text(); }

std::string reply(const Result<std::string>& result) {
  if (result.ok()) return result.value();
  return reply(result.error());
}

Engine* find_engine(int handle) {
  auto it = engines().find(handle);
  return it == engines().end() ? nullptr : it->second.get();
}

Error closed(int handle) {
  return bad_request("replica_closed", "the replica is closed (handle " + std::to_string(handle) + ")");
}

// A read: the engine's reply as it is.
template <typename Call>
std::string read(int handle, Call&& call) {
  Engine* engine = find_engine(handle);
  return engine == nullptr ? reply(closed(handle)) : reply(call(*engine));
}

// A call that may commit: its value with what it did. A failed call committed nothing, but an
// earlier call's effects may still wait (a read that committed nothing never takes them).
template <typename Call>
std::string write(int handle, Call&& call) {
  Engine* engine = find_engine(handle);
  if (engine == nullptr) return reply(closed(handle));
  Result<std::string> value = call(*engine);
  if (!value.ok()) return reply(value.error());
  return "{\"value\":" + value.value() + ",\"effects\":" + engine->take_effects() + "}";
}

}  // namespace

std::string constants() {
  return Json{{"errorMark", static_cast<int>(kErrorMark)},
              {"maxPerPage", kMaxPerPage},
              {"maxRelationHops", kMaxRelationHops},
              {"maxBackRelationExpand", kMaxBackRelationExpand},
              {"outboxTable", std::string(kOutboxTable)},
              {"effectDetail",
               {{"tables", static_cast<int>(EffectDetail::Tables)},
                {"ids", static_cast<int>(EffectDetail::Ids)},
                {"values", static_cast<int>(EffectDetail::Values)}}}}
      .dump();
}

std::string open(const std::string& path, const std::string& owner_id, bool volatile_storage) {
  static int next_handle = 1;
  for (const auto& [handle, engine] : engines())
    if (engine->path() == path) return reply(bad_request("replica_open", "the replica '" + path + "' is already open"));
  auto engine = Engine::open(path, OpenOptions{owner_id, nullptr, volatile_storage});
  if (!engine.ok()) return reply(engine.error());
  const int handle = next_handle++;
  engines().emplace(handle, std::move(engine).value());
  return std::to_string(handle);
}

std::string close(int handle) {
  if (engines().erase(handle) == 0) return reply(bad_request("replica_closed", "the replica is already closed"));
  return "true";
}

std::string set_effect_detail(int handle, int detail) {
  return read(handle, [&](Engine& e) -> Result<std::string> {
    if (detail < 0 || detail > static_cast<int>(EffectDetail::Values))
      return bad_request("invalid_argument", "the effect detail is 0, 1 or 2, not " + std::to_string(detail));
    e.set_effect_detail(static_cast<EffectDetail>(detail));
    return std::string("true");
  });
}

std::string collections(int handle) {
  return read(handle, [&](Engine& e) { return e.collections(); });
}

std::string get_one(int handle, const std::string& collection, const std::string& id, const std::string& expand) {
  return read(handle, [&](Engine& e) { return e.get_one(collection, id, expand); });
}

std::string get_list(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.get_list(collection, options); });
}

std::string count(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.count(collection, options); });
}

std::string tables_read(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.tables_read(collection, options); });
}

std::string search(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.search(collection, options); });
}

std::string vector_search(int handle, const std::string& collection, const std::string& options,
                          std::string_view query) {
  return read(handle, [&](Engine& e) { return e.vector_search(collection, options, query); });
}

std::string similar(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.similar(collection, options); });
}

std::string vector_stats(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.vector_stats(collection, options); });
}

std::string rollup(int handle, const std::string& name) {
  return read(handle, [&](Engine& e) { return e.rollup(name); });
}

std::string aggregate(int handle, const std::string& collection, const std::string& spec) {
  return read(handle, [&](Engine& e) { return e.aggregate(collection, spec); });
}

std::string storage_stats(int handle) {
  return read(handle, [&](Engine& e) { return e.storage_stats(); });
}

std::string column_stats(int handle) {
  return read(handle, [&](Engine& e) { return e.column_stats(); });
}

std::string page_end(int handle, std::string_view page) {
  return read(handle, [&](Engine& e) { return e.page_end(page); });
}

std::string sync_states(int handle, const std::string& collection) {
  return read(handle, [&](Engine& e) { return e.sync_states(collection); });
}

std::string cursors(int handle) {
  return read(handle, [&](Engine& e) { return e.cursors(); });
}

std::string server_versions(int handle, const std::string& collection, const std::string& options) {
  return read(handle, [&](Engine& e) { return e.server_versions(collection, options); });
}

std::string outbox_list(int handle, const std::string& state) {
  return read(handle, [&](Engine& e) { return e.outbox_list(state); });
}

std::string can_create(int handle, const std::string& collection, const std::string& id, std::string_view body) {
  return read(handle, [&](Engine& e) { return e.can(collection, RuleOp::Create, id, body); });
}

std::string can_update(int handle, const std::string& collection, const std::string& id, std::string_view body) {
  return read(handle, [&](Engine& e) { return e.can(collection, RuleOp::Update, id, body); });
}

std::string can_delete(int handle, const std::string& collection, const std::string& id) {
  return read(handle, [&](Engine& e) { return e.can(collection, RuleOp::Delete, id, "{}"); });
}

std::string apply_schema(int handle, std::string_view schema, const std::string& options) {
  return write(handle, [&](Engine& e) { return e.apply_schema(schema, options); });
}

std::string define_search(int handle, const std::string& collection, const std::string& fields) {
  return write(handle, [&](Engine& e) { return e.define_search(collection, fields); });
}

std::string define_vectors(int handle, const std::string& collection, const std::string& options) {
  return write(handle, [&](Engine& e) { return e.define_vectors(collection, options); });
}

std::string define_rollup(int handle, const std::string& collection, const std::string& spec) {
  return write(handle, [&](Engine& e) { return e.define_rollup(collection, spec); });
}

std::string drop_rollup(int handle, const std::string& name) {
  return write(handle, [&](Engine& e) { return e.drop_rollup(name); });
}

std::string upsert(int handle, const std::string& collection, std::string_view records, const std::string& options) {
  return write(handle, [&](Engine& e) { return e.upsert(collection, records, options); });
}

std::string apply_deletes(int handle, const std::string& collection, std::string_view deletes) {
  return write(handle, [&](Engine& e) { return e.apply_server_deletes(collection, deletes); });
}

std::string create(int handle, const std::string& collection, std::string_view record, const std::string& options) {
  return write(handle, [&](Engine& e) { return e.create(collection, record, options); });
}

std::string update(int handle, const std::string& collection, const std::string& id, std::string_view patch,
                   const std::string& options) {
  return write(handle, [&](Engine& e) { return e.update(collection, id, patch, options); });
}

std::string remove(int handle, const std::string& collection, const std::string& id) {
  return write(handle, [&](Engine& e) { return e.local_delete(collection, id); });
}

std::string set_cursor(int handle, const std::string& name, std::string_view cursor) {
  return write(handle, [&](Engine& e) { return e.set_cursor(name, cursor); });
}

std::string outbox_take(int handle, std::int64_t max) {
  return write(handle, [&](Engine& e) { return e.outbox_take(max); });
}

std::string outbox_ack(int handle, std::string_view args) {
  return write(handle, [&](Engine& e) { return e.outbox_ack(args); });
}

std::string outbox_fail(int handle, std::string_view args) {
  return write(handle, [&](Engine& e) { return e.outbox_fail(args); });
}

std::string outbox_requeue(int handle, std::string_view args) {
  return write(handle, [&](Engine& e) { return e.outbox_requeue(args); });
}

std::string outbox_retry(int handle, std::int64_t seq, std::int64_t now) {
  return write(handle, [&](Engine& e) { return e.outbox_retry(seq, now); });
}

std::string outbox_discard(int handle, std::int64_t seq) {
  return write(handle, [&](Engine& e) { return e.outbox_discard(seq); });
}

}  // namespace pocketlite::api
