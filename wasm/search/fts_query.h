// Turns what a user types into a safe FTS5 query: every word becomes a quoted string token, so
// no input can be read as FTS5 syntax (or break it); "quoted phrases" stay phrases and a
// trailing * makes a prefix query. Terms are ANDed, as search boxes usually mean.
#pragma once

#include <string_view>

#include "core/result.h"

namespace pocketlite {

/// The FTS5 MATCH expression for `text`; an error when it has no searchable term.
Result<std::string> to_fts_query(std::string_view text);

}  // namespace pocketlite
