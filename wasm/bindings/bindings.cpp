// Embind surface: one JS function per api/ function, forwarding; no engine logic here.
// Replies are not returned as JS strings: Embind 3.1.6 converts those with a per-byte JS loop.
// Each call leaves its reply in one buffer and returns the byte length; JS decodes it with
// TextDecoder straight from wasm memory (replyPointer). Large inputs (record pages, schemas,
// query vectors) come in the same way, as bytes the caller copied into malloc'ed memory.
// Integers cross as doubles (Embind 3.1.6 has no int64 without BigInt).
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include "api/api.h"

namespace {

std::string g_reply;

std::size_t stash(std::string reply) {
  g_reply = std::move(reply);
  return g_reply.size();
}

std::uintptr_t reply_pointer() { return reinterpret_cast<std::uintptr_t>(g_reply.data()); }

std::string_view bytes(std::uintptr_t pointer, std::size_t length) {
  return {reinterpret_cast<const char*>(pointer), length};
}

using Text = std::uintptr_t;  // a pointer to UTF-8 bytes, with their length beside it
using std::string;

}  // namespace

EMSCRIPTEN_BINDINGS(pocketlite) {
  namespace api = pocketlite::api;
  using emscripten::function;
  function("replyPointer", &reply_pointer);
  function(
      "constants", +[] { return stash(api::constants()); });
  function(
      "open", +[](string path, string owner, bool volatile_storage) {
        return stash(api::open(path, owner, volatile_storage));
      });
  function(
      "close", +[](int h) { return stash(api::close(h)); });
  function(
      "setEffectDetail", +[](int h, int detail) { return stash(api::set_effect_detail(h, detail)); });

  function(
      "collections", +[](int h) { return stash(api::collections(h)); });
  function(
      "getOne", +[](int h, string c, string id, string expand) { return stash(api::get_one(h, c, id, expand)); });
  function(
      "getList", +[](int h, string c, string options) { return stash(api::get_list(h, c, options)); });
  function(
      "count", +[](int h, string c, string options) { return stash(api::count(h, c, options)); });
  function(
      "tablesRead", +[](int h, string c, string options) { return stash(api::tables_read(h, c, options)); });
  function(
      "search", +[](int h, string c, string options) { return stash(api::search(h, c, options)); });
  function(
      "vectorSearch", +[](int h, string c, string options, Text p, std::size_t n) {
        return stash(api::vector_search(h, c, options, bytes(p, n)));
      });
  function(
      "similar", +[](int h, string c, string options) { return stash(api::similar(h, c, options)); });
  function(
      "vectorStats", +[](int h, string c, string options) { return stash(api::vector_stats(h, c, options)); });
  function(
      "rollup", +[](int h, string name) { return stash(api::rollup(h, name)); });
  function(
      "aggregate", +[](int h, string c, string spec) { return stash(api::aggregate(h, c, spec)); });
  function(
      "storageStats", +[](int h) { return stash(api::storage_stats(h)); });
  function(
      "columnStats", +[](int h) { return stash(api::column_stats(h)); });
  function(
      "pageEnd", +[](int h, Text p, std::size_t n) { return stash(api::page_end(h, bytes(p, n))); });
  function(
      "syncStates", +[](int h, string c) { return stash(api::sync_states(h, c)); });
  function(
      "cursors", +[](int h) { return stash(api::cursors(h)); });
  function(
      "serverVersions", +[](int h, string c, string options) { return stash(api::server_versions(h, c, options)); });
  function(
      "outboxList", +[](int h, string state) { return stash(api::outbox_list(h, state)); });
  function(
      "canCreate",
      +[](int h, string c, string id, Text p, std::size_t n) { return stash(api::can_create(h, c, id, bytes(p, n))); });
  function(
      "canUpdate",
      +[](int h, string c, string id, Text p, std::size_t n) { return stash(api::can_update(h, c, id, bytes(p, n))); });
  function(
      "canDelete", +[](int h, string c, string id) { return stash(api::can_delete(h, c, id)); });

  function(
      "applySchema",
      +[](int h, Text p, std::size_t n, string options) { return stash(api::apply_schema(h, bytes(p, n), options)); });
  function(
      "defineSearch", +[](int h, string c, string fields) { return stash(api::define_search(h, c, fields)); });
  function(
      "defineVectors", +[](int h, string c, string options) { return stash(api::define_vectors(h, c, options)); });
  function(
      "defineRollup", +[](int h, string c, string spec) { return stash(api::define_rollup(h, c, spec)); });
  function(
      "dropRollup", +[](int h, string name) { return stash(api::drop_rollup(h, name)); });
  function(
      "upsert", +[](int h, string c, Text p, std::size_t n, string options) {
        return stash(api::upsert(h, c, bytes(p, n), options));
      });
  function(
      "applyDeletes",
      +[](int h, string c, Text p, std::size_t n) { return stash(api::apply_deletes(h, c, bytes(p, n))); });
  function(
      "create", +[](int h, string c, Text p, std::size_t n, string options) {
        return stash(api::create(h, c, bytes(p, n), options));
      });
  function(
      "update", +[](int h, string c, string id, Text p, std::size_t n, string options) {
        return stash(api::update(h, c, id, bytes(p, n), options));
      });
  function(
      "remove", +[](int h, string c, string id) { return stash(api::remove(h, c, id)); });
  function(
      "setCursor",
      +[](int h, string name, Text p, std::size_t n) { return stash(api::set_cursor(h, name, bytes(p, n))); });
  function(
      "outboxTake", +[](int h, double max) { return stash(api::outbox_take(h, static_cast<std::int64_t>(max))); });
  function(
      "outboxAck", +[](int h, Text p, std::size_t n) { return stash(api::outbox_ack(h, bytes(p, n))); });
  function(
      "outboxFail", +[](int h, Text p, std::size_t n) { return stash(api::outbox_fail(h, bytes(p, n))); });
  function(
      "outboxRequeue", +[](int h, Text p, std::size_t n) { return stash(api::outbox_requeue(h, bytes(p, n))); });
  function(
      "outboxRetry", +[](int h, double seq, double now) {
        return stash(api::outbox_retry(h, static_cast<std::int64_t>(seq), static_cast<std::int64_t>(now)));
      });
  function(
      "outboxDiscard",
      +[](int h, double seq) { return stash(api::outbox_discard(h, static_cast<std::int64_t>(seq))); });
}
