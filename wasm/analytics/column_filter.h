// PocketBase filters run on the column store: comparisons of a collection's own plain fields with
// literals, joined by && and ||, give the same rows as the SQL the filter compiler writes
// (null-safe equality, NULL failing every other comparison, binary text order). Anything else
// (relations, lists, functions, macros, ~) is left to SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/column_table.h"
#include "db/schema.h"
#include "query/filter_ast.h"

namespace pocketlite {

/// The fields `expr` reads when its shape can run on columns; nullopt when SQLite must run it.
std::optional<std::vector<std::string>> column_filter_fields(const FilterExpr& expr, const Collection& c);

/// One byte per row of `table`, 1 where the row passes; nullopt when a column cannot answer a
/// comparison exactly (a text column holding numbers, a date literal not in PocketBase's form).
std::optional<std::vector<std::uint8_t>> evaluate_column_filter(const FilterExpr& expr, const ColumnTable& table);

}  // namespace pocketlite
