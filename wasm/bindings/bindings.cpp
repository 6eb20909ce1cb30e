// Embind surface: flat functions over strings and numbers that forward to api/; no logic here.
#include "api/api.h"

#include <emscripten/bind.h>

EMSCRIPTEN_BINDINGS(pocketlite) {
  namespace api = pocketlite::api;
  emscripten::function("open", &api::open);
  emscripten::function("close", &api::close);
  emscripten::function("applySchema", &api::apply_schema);
  emscripten::function("collections", &api::collections);
  emscripten::function("upsert", &api::upsert);
  emscripten::function("getOne", &api::get_one);
  emscripten::function("list", &api::list);
  emscripten::function("remove", &api::remove);
  emscripten::function("count", &api::count);
  emscripten::function("constants", &api::constants);
}
