#include "core/error.h"

#include "core/utf8.h"

namespace pocketlite {

Json Error::to_json() const { return Json{{"status", status}, {"code", code}, {"message", message}, {"data", data}}; }

std::string Error::to_text() const { return to_json().dump(-1, ' ', false, Json::error_handler_t::replace); }

// Messages quote the input they reject, sometimes a byte of a multi-byte character (the JSON
// parser's "last read"): repaired, every message is text (the wasm build's JSON dump aborts on
// invalid UTF-8).
Error bad_request(std::string code, std::string message) {
  return Error{400, std::move(code), repair_utf8(message), Json::object()};
}

Error not_found(std::string message) { return Error{404, "not_found", repair_utf8(message), Json::object()}; }

Error forbidden(std::string message) { return Error{403, "forbidden", repair_utf8(message), Json::object()}; }

Error internal_error(std::string code, std::string message) {
  return Error{500, std::move(code), repair_utf8(message), Json::object()};
}

void add_field_error(Json& data, const std::vector<std::string>& path, const std::string& code,
                     const std::string& message) {
  Json* node = &data;
  for (const auto& key : path) node = &(*node)[key];
  *node = Json{{"code", code}, {"message", message}};
}

}  // namespace pocketlite
