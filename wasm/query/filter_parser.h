// Parses PocketBase filter text into a FilterExpr. Errors say what and where
// ("unexpected ')' at 17") and carry {position} in data; nothing is ever executed here.
#pragma once

#include <string_view>

#include "core/result.h"
#include "query/filter_ast.h"

namespace pocketlite {

/// PocketBase's limits: 3500 characters, 200 comparisons.
constexpr std::size_t kMaxFilterLength = 3500;
constexpr std::size_t kMaxFilterComparisons = 200;

/// An invalid_filter error saying what is wrong and where ("unexpected ')' at 11"), with
/// {position} in data; the compiler uses it too, with 403 for names a client may not use.
Error filter_error(const std::string& message, std::size_t position, int status = 400);

/// Parses a filter; an empty (or whitespace/comment-only) filter gives an empty expression.
Result<FilterExpr> parse_filter(std::string_view text);

}  // namespace pocketlite
