// Turns what a user types into a safe FTS5 query: every word becomes a quoted string token, so
// no input can be read as FTS5 syntax (or break it); "quoted phrases" stay phrases and a
// trailing * makes a prefix query. `all` ANDs the terms (a filter's exact search); `any` ORs
// them after dropping English stop words (a search box's question: "how do I extract a zip").
#pragma once

#include <string_view>

#include "core/result.h"

namespace pocketlite {

/// How the terms of a search combine.
enum class TermMatch { All, Any };

/// The MATCH expressions of a search: `match` selects; for `any` with several terms, `all` is the
/// expression of records holding every term (ranked first), empty otherwise.
struct FtsQuery {
  std::string match;
  std::string all;
};

/// The FTS5 query for `text`; an error when it has no searchable term.
Result<FtsQuery> to_fts_query(std::string_view text, TermMatch mode = TermMatch::All);

}  // namespace pocketlite
