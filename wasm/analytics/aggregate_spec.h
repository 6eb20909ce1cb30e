// A declarative aggregation: group by fields, computed fields and time buckets; measure counts,
// sums, averages, extremes, distinct counts and percentiles; filter in PocketBase syntax.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace pocketlite {

/// Maps a text value to a category by case-insensitive substring (OpenSync's provider rule).
struct InferRule {
  std::vector<std::string> contains;
  std::string value;
};

/// One grouping key.
struct Dimension {
  std::string name;
  std::vector<std::string> fields;                             // the first non-empty of these (one for a plain field)
  enum Bucket { None, Hour, Day, Week, Month } bucket = None;  // of a date field
  int offset_minutes = 0;  // the fixed UTC offset buckets are cut in (+120 for UTC+2)
  std::string infer_from;  // when the value is empty: infer it from this field by `rules`
  std::vector<InferRule> rules;
  std::string otherwise;  // inferred value when no rule matches
  std::string empty;      // the value that stands for "empty" in the output
};

/// One measure of each group.
struct Measure {
  std::string name;
  enum Op { Count, Sum, Avg, Min, Max, CountDistinct, Percentile } op = Count;
  Dimension input;  // the value measured (a number, a date as ms, or text for countDistinct)
  double percentile = 0.5;
};

struct AggregateSpec {
  std::vector<Dimension> group_by;
  std::vector<Measure> measures;
  std::string filter;
  std::vector<std::pair<std::string, bool>> order;  // (dimension or measure name, descending)
  std::optional<std::size_t> limit;
  /// Every field the aggregation reads (deduplicated), for the row reader.
  [[nodiscard]] std::vector<std::string> fields() const;
};

/// Parses {groupBy, measures, filter, order, limit}; errors name the offending key.
Result<AggregateSpec> parse_aggregate_spec(std::string_view json);

}  // namespace pocketlite
