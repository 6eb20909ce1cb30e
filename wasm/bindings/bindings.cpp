// Embind surface: flat functions that forward to api/; no engine logic here.
// Replies are not returned as JS strings: Embind 3.1.6 converts those with a per-byte JS loop.
// Each call leaves its reply in one buffer and returns the byte length; JS decodes it with
// TextDecoder straight from wasm memory (replyPointer). Record pages come in the same way, as
// UTF-8 bytes the caller copied into malloc'ed memory.
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

}  // namespace

EMSCRIPTEN_BINDINGS(pocketlite) {
  namespace api = pocketlite::api;
  using std::string;
  emscripten::function("replyPointer", &reply_pointer);
  emscripten::function(
      "open", +[](string path, string owner, bool volatile_storage) {
        return stash(api::open(path, owner, volatile_storage));
      });
  emscripten::function(
      "close", +[](int h) { return stash(api::close(h)); });
  emscripten::function(
      "applySchema", +[](int h, std::uintptr_t p, std::size_t n, string options) {
        return stash(api::apply_schema(h, bytes(p, n), options));
      });
  emscripten::function(
      "collections", +[](int h) { return stash(api::collections(h)); });
  emscripten::function(
      "upsert", +[](int h, string collection, std::uintptr_t p, std::size_t n, string options) {
        return stash(api::upsert(h, collection, bytes(p, n), options));
      });
  emscripten::function(
      "getOne", +[](int h, string collection, string id) { return stash(api::get_one(h, collection, id)); });
  emscripten::function(
      "getList",
      +[](int h, string collection, string options) { return stash(api::get_list(h, collection, options)); });
  emscripten::function(
      "tablesRead",
      +[](int h, string collection, string options) { return stash(api::tables_read(h, collection, options)); });
  emscripten::function(
      "takeChanges", +[](int h) { return stash(api::take_changes(h)); });
  emscripten::function(
      "defineSearch",
      +[](int h, string collection, string fields) { return stash(api::define_search(h, collection, fields)); });
  emscripten::function(
      "search", +[](int h, string collection, string options) { return stash(api::search(h, collection, options)); });
  emscripten::function(
      "sync", +[](int h, string op, string collection, string id, string args, std::uintptr_t p, std::size_t n) {
        return stash(api::sync(h, op, collection, id, args, bytes(p, n)));
      });
  emscripten::function(
      "vectors", +[](int h, string op, string collection, string options, std::uintptr_t p, std::size_t n) {
        return stash(api::vectors(h, op, collection, options, bytes(p, n)));
      });
  emscripten::function(
      "analytics", +[](int h, string op, string collection, string options) {
        return stash(api::analytics(h, op, collection, options));
      });
  emscripten::function(
      "count", +[](int h, string collection, string options) { return stash(api::count(h, collection, options)); });
}
