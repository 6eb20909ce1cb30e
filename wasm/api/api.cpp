#include "api/api.h"

#include <map>
#include <memory>

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

template <typename Call>
std::string with_engine(int handle, Call&& call) {
  auto it = engines().find(handle);
  if (it == engines().end())
    return reply(bad_request("replica_closed", "the replica is closed (handle " + std::to_string(handle) + ")"));
  return reply(call(*it->second));
}

}  // namespace

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

std::string apply_schema(int handle, std::string_view schema, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.apply_schema(schema, options); });
}

std::string collections(int handle) {
  return with_engine(handle, [&](Engine& e) { return e.collections(); });
}

std::string upsert(int handle, const std::string& collection, std::string_view records, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.upsert(collection, records, options); });
}

std::string get_one(int handle, const std::string& collection, const std::string& id) {
  return with_engine(handle, [&](Engine& e) { return e.get_one(collection, id); });
}

std::string get_list(int handle, const std::string& collection, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.get_list(collection, options); });
}

std::string tables_read(int handle, const std::string& collection, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.tables_read(collection, options); });
}

std::string take_changes(int handle) {
  return with_engine(handle, [&](Engine& e) { return e.take_changes(); });
}

std::string define_search(int handle, const std::string& collection, const std::string& fields) {
  return with_engine(handle, [&](Engine& e) { return e.define_search(collection, fields); });
}

std::string search(int handle, const std::string& collection, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.search(collection, options); });
}

std::string count(int handle, const std::string& collection, const std::string& options) {
  return with_engine(handle, [&](Engine& e) { return e.count(collection, options); });
}

std::string vectors(int handle, std::string_view op, const std::string& collection, const std::string& options,
                    std::string_view payload) {
  return with_engine(handle, [&](Engine& e) -> Result<std::string> {
    if (op == "define") return e.define_vectors(collection, options);
    if (op == "search") return e.vector_search(collection, options, payload);
    if (op == "similar") return e.similar(collection, options);
    if (op == "stats") return e.vector_stats(collection, options);
    return bad_request("unknown_call", "unknown vectors call '" + std::string(op) + "'");
  });
}

std::string analytics(int handle, std::string_view op, const std::string& collection, const std::string& options) {
  return with_engine(handle, [&](Engine& e) -> Result<std::string> {
    if (op == "defineRollup") return e.define_rollup(collection, options);
    if (op == "rollup") return e.rollup(options);
    if (op == "dropRollup") return e.drop_rollup(options);
    if (op == "aggregate") return e.aggregate(collection, options);
    if (op == "storage") return e.storage_stats();
    if (op == "columns") return e.column_stats();
    return bad_request("unknown_call", "unknown analytics call '" + std::string(op) + "'");
  });
}

std::string sync(int handle, std::string_view op, const std::string& collection, const std::string& id,
                 const std::string& args, std::string_view payload) {
  return with_engine(handle, [&](Engine& e) -> Result<std::string> {
    if (op == "applyServer") return e.apply_server(collection, payload, args);
    if (op == "pageEnd") return e.page_end(payload);
    if (op == "applyDeletes") return e.apply_server_deletes(collection, payload);
    if (op == "create") return e.create(collection, payload, args);
    if (op == "update") return e.update(collection, id, payload, args);
    if (op == "delete") return e.local_delete(collection, id);
    if (op.rfind("outbox:", 0) == 0) return e.outbox(op.substr(7), args);
    if (op == "syncStates") return e.sync_states(collection);
    if (op == "cursors") return e.cursors();
    if (op == "setCursor") return e.set_cursor(collection, payload);
    if (op == "serverVersions") return e.server_versions(collection, args);
    if (op.rfind("can:", 0) == 0) return e.can(collection, op.substr(4), id, payload);
    return bad_request("unknown_call", "unknown sync call '" + std::string(op) + "'");
  });
}

}  // namespace pocketlite::api
