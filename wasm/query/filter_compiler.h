// Compiles a parsed PocketBase filter to SQL over the replica's tables with the semantics the
// server gives (PocketBase's tools/search/filter.go; pinned by
// tests/pocketbase/filter-differential.test.ts): null-safe = and != where "" equals NULL, ~ wrapped
// in % unless the value has one, multi-valued fields with "every element" and ?-"any element"
// forms, relation paths as correlated subqueries. Every value is a bound parameter (?N); the SQL
// text contains only quoted names that the schema validated.
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "query/filter_ast.h"

namespace pocketlite {

/// SQL text and the values of its ?N parameters.
struct CompiledSql {
  std::string sql;
  std::vector<SqlValue> params;
  std::string order;  // ORDER BY list, when a sort was compiled too
};

/// What the compiler needs to know besides the filter.
struct FilterContext {
  const Collection* root = nullptr;
  std::function<const Collection*(std::string_view id_or_name)> lookup;  // relation targets
  std::int64_t now_ms = 0;   // the caller's clock, for @now, @todayStart, ...
  std::string alias = "t0";  // the root table's alias in the surrounding query
  /// An API rule's request, {auth: record|null, body: {...}, method}: `@request.*` is read from
  /// it (without one, a filter may not use `@request.*`). What it cannot answer (`@collection.*`,
  /// headers, modifiers but `:isset`) fails with the code kRuleUndecidable.
  const Json* request = nullptr;
};

/// The error code of a rule the replica cannot decide (the server decides it).
inline constexpr const char* kRuleUndecidable = "rule_undecidable";

/// SQL for a list column as a JSON array, whatever it holds (PocketBase's JSONEach normalisation):
/// what every json_each over a relation or select column reads, in filters and in expand.
std::string as_array(const std::string& column);

/// Compiles `expr` to a boolean SQL expression ("1" for an empty filter), appending its
/// parameters to `out.params` and its text to `out.sql`.
Status compile_filter(const FilterExpr& expr, const FilterContext& context, CompiledSql& out);

/// Compiles a PocketBase sort ("-created,title", "@random", "@rowid") to an ORDER BY list that
/// always ends with the id, so pages are stable; its parameters (json paths) go to `out.params`.
Result<std::string> compile_sort(std::string_view sort, const FilterContext& context, CompiledSql& out);

}  // namespace pocketlite
