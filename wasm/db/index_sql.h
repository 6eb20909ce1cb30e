// PocketBase reports a collection's indexes as SQL text. The replica never runs that text: it
// parses the simple column form and writes its own statement from validated names.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace pocketlite {

struct IndexColumn {
  std::string name;
  std::string collate;  // "", "NOCASE", "BINARY" or "RTRIM"
  bool descending = false;
};

/// The parts of `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [COLLATE c] [ASC|DESC], ...)`.
struct IndexSpec {
  std::string name;
  bool unique = false;
  bool partial = false;  // had a WHERE clause (not kept)
  std::vector<IndexColumn> columns;
};

/// Parses an index statement; expression columns are refused with a message saying so, since
/// they cannot be rebuilt from names alone. A WHERE clause is noted and dropped, unparsed.
Result<IndexSpec> parse_index_sql(std::string_view sql);

}  // namespace pocketlite
