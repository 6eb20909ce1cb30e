// Typed, checked access to the options object a call receives. A key that is absent or null
// takes its default; a key of the wrong type is a 400 error naming it. (nlohmann's value()
// would throw, which under JSON_NOEXCEPTION aborts the whole wasm instance.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pocketlite {

class Options {
 public:
  /// Parses `text` ("" means no options); it must be a JSON object.
  static Result<Options> parse(std::string_view text);

  [[nodiscard]] Result<std::string> string(const char* key, std::string fallback) const;
  [[nodiscard]] Result<std::int64_t> integer(const char* key, std::int64_t fallback) const;
  [[nodiscard]] Result<bool> boolean(const char* key, bool fallback) const;

 private:
  explicit Options(Json json) : json_(std::move(json)) {}
  [[nodiscard]] const Json* find(const char* key) const;
  Json json_;
};

}  // namespace pocketlite
