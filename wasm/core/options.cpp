#include "core/options.h"

#include <cmath>

#include "core/json_parse.h"

namespace pocketlite {
namespace {

Error wrong_type(const char* key, const char* expected, const Json& value) {
  Error e = bad_request("invalid_options",
                        std::string("option '") + key + "' must be " + expected + ", got " + value.type_name());
  add_field_error(e.data, {key}, "validation_invalid_type", e.message);
  return e;
}

}  // namespace

Result<Options> Options::parse(std::string_view text) {
  if (text.empty()) return Options(Json::object());
  PL_ASSIGN(Json json, parse_json(text, "options"));
  if (!json.is_object()) return bad_request("invalid_options", "options must be a JSON object");
  return Options(std::move(json));
}

const Json* Options::find(const char* key) const {
  auto it = json_.find(key);
  return it == json_.end() || it->is_null() ? nullptr : &*it;
}

Result<std::string> Options::string(const char* key, std::string fallback) const {
  const Json* v = find(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) return wrong_type(key, "a string", *v);
  return v->get<std::string>();
}

Result<std::int64_t> Options::integer(const char* key, std::int64_t fallback) const {
  const Json* v = find(key);
  if (v == nullptr) return fallback;
  if (!v->is_number() || !std::isfinite(v->get<double>())) return wrong_type(key, "a number", *v);
  return v->is_number_integer() ? v->get<std::int64_t>() : static_cast<std::int64_t>(v->get<double>());
}

Result<bool> Options::boolean(const char* key, bool fallback) const {
  const Json* v = find(key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) return wrong_type(key, "true or false", *v);
  return v->get<bool>();
}

}  // namespace pocketlite
