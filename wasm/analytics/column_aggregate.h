// One-off aggregations over the column store: the selected rows are grouped by arrays of label
// ids (a dictionary code or a time bucket becomes a label once, not once per row), and measures
// accumulate into arrays indexed by group.
#pragma once

#include <cstdint>
#include <vector>

#include "analytics/aggregate_spec.h"
#include "analytics/column_table.h"
#include "core/json_parse.h"

namespace pocketlite {

/// `spec` over the rows of `table` whose `mask` byte is 1 (all rows when mask is null): the same
/// {rows, groups} a Rollup fed those rows gives (sums may differ in the last bits: another order).
Json column_aggregate(const AggregateSpec& spec, const ColumnTable& table, const std::vector<std::uint8_t>* mask);

}  // namespace pocketlite
