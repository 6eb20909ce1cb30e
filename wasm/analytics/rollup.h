// An aggregation kept current one row at a time: each record's contribution (its group and
// measured values) is remembered, so an insert, an update that moves it between groups, or a
// delete changes only its groups, and reading the result costs O(groups), not a scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/aggregate_spec.h"
#include "db/sqlite.h"

namespace pocketlite {

/// A record's values for spec.fields(), in that order (text, number, or null).
using RowValues = std::vector<SqlValue>;

class Rollup {
 public:
  /// `maintained`: remember each row's contribution so later changes can be applied (a one-off
  /// aggregation, fed once, does not need to).
  explicit Rollup(AggregateSpec spec, bool maintained = true);

  /// Sets the contribution of `rowid`: its values, or nullopt when it is gone or filtered out.
  void apply(std::int64_t rowid, const std::optional<RowValues>& row);
  void clear();
  /// {rows: [{dimension..., measure...}], groups} in the spec's order (dimensions ascending by
  /// default), cut to its limit.
  [[nodiscard]] Json result() const;
  [[nodiscard]] const AggregateSpec& spec() const { return spec_; }

 private:
  // What one record adds: its group and, per measure, its input (number or text; none = skipped).
  struct Contribution {
    std::string group;
    std::vector<std::optional<double>> numbers;
    std::vector<std::optional<std::string>> texts;
  };
  // Per measure: a running sum, the sorted values (min/max/percentiles), or distinct counts.
  struct Accumulator {
    double sum = 0;
    std::int64_t n = 0;
    std::vector<double> sorted;
    std::unordered_map<std::string, std::int64_t> distinct;
  };
  struct Group {
    std::vector<std::string> dimensions;
    std::int64_t rows = 0;
    std::vector<Accumulator> measures;
  };

  Contribution contribution_of(const RowValues& row) const;
  void add(const Contribution& c, int sign);
  [[nodiscard]] Json measure_value(const Measure& m, const Group& g, std::size_t i) const;

  AggregateSpec spec_;
  std::vector<std::string> fields_;  // spec_.fields()
  bool maintained_;
  std::unordered_map<std::string, Group> groups_;
  std::unordered_map<std::int64_t, Contribution> rows_;
};

}  // namespace pocketlite
