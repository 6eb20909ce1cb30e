// What a dimension makes of a value: the date it holds, the time bucket it falls in, the category
// inferred from another field, and the label that stands for "empty". Shared by the rollups and
// the column store so both give every row the same group.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analytics/aggregate_spec.h"
#include "core/json_parse.h"
#include "db/sqlite.h"

namespace pocketlite {

/// "YYYY-MM-DD HH:MM:SS.sssZ" (read directly) or other RFC 3339 text as ms since the epoch.
std::optional<std::int64_t> date_ms(std::string_view text);

/// The ms of a date in exactly PocketBase's form (so it compares like its text), else nullopt.
std::optional<double> canonical_date_ms(std::string_view text);

/// A stored value as a dimension reads it: text as is, a number as its JSON text, NULL as "".
std::string value_text(const SqlValue& value);

/// The label of the bucket holding `ms` ("2024-05-01", "2024-05-01 13:00") in d's offset.
std::string bucket_label(std::int64_t ms, const Dimension& d);

/// A number per bucket of d, in time order (equal exactly when the labels are equal).
std::int64_t bucket_key(double ms, const Dimension& d);

/// Buckets of one width (hours, days, weeks): bucket_key(ms) is floor((ms + shift) / width).
struct FixedBuckets {
  double width = 0, shift = 0;
  /// The bucket of a finite date.
  [[nodiscard]] std::int64_t key(double ms) const {
    return static_cast<std::int64_t>(std::floor((ms + shift) / width));
  }
};

/// d's buckets as one width, or nullopt where they vary (months).
std::optional<FixedBuckets> fixed_buckets(const Dimension& d);

/// The ms range [from, to) of d's bucket number `key`.
std::pair<double, double> bucket_bounds(std::int64_t key, const Dimension& d);

/// The category d's rules give `source` (matched case-insensitively), or d.otherwise.
std::string inferred_value(const Dimension& d, std::string_view source);

/// The label of a dimension whose first non-empty value (or inferred value) is `value`.
std::string dimension_label(const Dimension& d, std::string value);

/// The p-th percentile of ascending `sorted` (non-empty), interpolated between the closest ranks.
double percentile_of(const std::vector<double>& sorted, double p);

/// Sorts result rows by the spec's order (ties: dimensions ascending) and cuts them to its limit:
/// {rows, groups}.
Json ordered_result(const AggregateSpec& spec, Json rows);

}  // namespace pocketlite
