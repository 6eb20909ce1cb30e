// Parsing JSON that crosses the boundary, without exceptions, with the error's position.
#pragma once

#include <string_view>

#include "core/result.h"

namespace pocketlite {

/// Parses `text`; on failure the error says what was being parsed and where it broke.
Result<Json> parse_json(std::string_view text, std::string_view what);

}  // namespace pocketlite
