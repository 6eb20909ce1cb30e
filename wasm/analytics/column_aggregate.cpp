#include "analytics/column_aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analytics/dimension_text.h"
#include "db/pb_date.h"

namespace pocketlite {
namespace {

constexpr std::uint32_t kEmpty = UINT32_MAX;  // no value in this field: the next one is asked
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The rows an aggregation reads: every row of the table, or those a filter passed.
struct Rows {
  const std::vector<std::uint32_t>* picked = nullptr;  // null: all rows
  std::size_t n = 0;
  [[nodiscard]] std::size_t size() const { return n; }
  std::uint32_t operator[](std::size_t i) const { return picked ? (*picked)[i] : static_cast<std::uint32_t>(i); }
};

// The distinct labels of one dimension, numbered in order of appearance.
struct Labels {
  std::vector<std::string> names;
  std::unordered_map<std::string, std::uint32_t> ids;
  std::uint32_t id(std::string name) {
    auto [it, added] = ids.try_emplace(name, static_cast<std::uint32_t>(names.size()));
    if (added) names.push_back(std::move(name));
    return it->second;
  }
};

// Where each date bucket's id (a label or a group) lives while rows are read: buckets are numbered
// arithmetically and in time order, so the earliest and latest dates bound the numbers, and a dense
// array over that range maps a bucket to its slot without a hash lookup (rows jump between days in
// session order: a lookup per row was most of the time). A range too wide falls back to a map.
class BucketSlots {
 public:
  BucketSlots(const Column& date, const Dimension& d, const Rows& rows, std::uint32_t unset)
      : d_(d), fixed_(fixed_buckets(d)), unset_(unset) {
    // Plain comparisons first (a missing date, NaN, fails both): several times faster in wasm than
    // testing isfinite() per row. Only a column holding an infinity needs the second pass.
    double first = INFINITY, last = -INFINITY;
    const double* dates = date.numbers.data();
    const auto range = [&](auto widen) {
      if (rows.picked == nullptr) {
        for (std::size_t i = 0; i < rows.size(); ++i) widen(dates[i]);
      } else {
        for (std::uint32_t row : *rows.picked) widen(dates[row]);
      }
    };
    range([&](double v) {
      if (v < first) first = v;
      if (v > last) last = v;
    });
    if (std::isinf(first) || std::isinf(last)) {
      first = INFINITY, last = -INFINITY;
      range([&](double v) {
        if (std::isfinite(v)) first = std::min(first, v), last = std::max(last, v);
      });
    }
    if (first > last) return;  // no row has a date
    low_ = key(first);
    const std::int64_t span = key(last) - low_;
    if (span < (1 << 22)) dense_.assign(static_cast<std::size_t>(span) + 1, unset);
  }

  /// The bucket of a finite date: one division for hours, days and weeks.
  std::int64_t key(double ms) const { return fixed_ ? fixed_->key(ms) : bucket_key(ms, d_); }

  /// The slot of bucket `k`, `unset` until the caller fills it.
  std::uint32_t& slot(std::int64_t k) {
    return dense_.empty() ? by_key_.try_emplace(k, unset_).first->second : dense_[static_cast<std::size_t>(k - low_)];
  }

 private:
  const Dimension& d_;
  const std::optional<FixedBuckets> fixed_;
  const std::uint32_t unset_;
  std::int64_t low_ = 0;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::int64_t, std::uint32_t> by_key_;
};

// Label ids of `d` read from one column (kEmpty where the column has no value), each distinct
// value turned into a label once.
class FieldLabels {
 public:
  FieldLabels(const Dimension& d, const Column& col, Labels& labels) : d_(d), col_(col), labels_(labels) {}

  void read(const Rows& rows, std::vector<std::uint32_t>& out) {
    out.resize(rows.size());
    if (col_.kind == Column::Text) return read_text(rows, out);
    if (col_.kind == Column::Date && d_.bucket != Dimension::None) return read_buckets(rows, out);
    std::unordered_map<double, std::uint32_t> seen;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double v = col_.numbers[rows[i]];
      if (!std::isfinite(v)) {
        out[i] = kEmpty;
        continue;
      }
      auto [it, added] = seen.try_emplace(v, 0);
      if (added) {
        // A date column holds canonical dates; a number reads as its JSON text.
        std::string text = col_.kind == Column::Date ? format_pb_date(static_cast<std::int64_t>(v)) : value_text(v);
        it->second = labels_.id(dimension_label(d_, std::move(text)));
      }
      out[i] = it->second;
    }
  }

 private:
  void read_text(const Rows& rows, std::vector<std::uint32_t>& out) {
    std::vector<std::uint32_t> by_code(col_.dictionary.size(), kEmpty - 1);  // kEmpty - 1: not yet seen
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t code = col_.codes[rows[i]];
      std::uint32_t& id = by_code[code];
      if (id == kEmpty - 1) {
        const std::string& text = col_.dictionary.at(code).text;
        id = text.empty() ? kEmpty : labels_.id(dimension_label(d_, text));
      }
      out[i] = id;
    }
  }

  // A row in the previous row's bucket costs two comparisons; others a bucket number and a slot.
  void read_buckets(const Rows& rows, std::vector<std::uint32_t>& out) {
    BucketSlots slots(col_, d_, rows, kEmpty);
    double from = INFINITY, to = -INFINITY;  // the last row's bucket: neighbouring rows often share it
    std::uint32_t last_id = kEmpty;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double v = col_.numbers[rows[i]];
      if (v >= from && v < to) {
        out[i] = last_id;
        continue;
      }
      if (!std::isfinite(v)) {
        out[i] = kEmpty;
        continue;
      }
      const std::int64_t k = slots.key(v);
      std::uint32_t& id = slots.slot(k);
      if (id == kEmpty) id = labels_.id(bucket_label(static_cast<std::int64_t>(v), d_));
      out[i] = last_id = id;
      std::tie(from, to) = bucket_bounds(k, d_);
    }
  }

  const Dimension& d_;
  const Column& col_;
  Labels& labels_;
};

// The label ids of dimension `d` for `rows`: its first field with a value, else the inferred
// category, else its "empty" label.
std::vector<std::uint32_t> dimension_ids(const Dimension& d, const ColumnTable& table, const Rows& rows,
                                         Labels& labels) {
  std::vector<std::uint32_t> ids, field;
  FieldLabels(d, *table.column(d.fields[0]), labels).read(rows, ids);
  for (std::size_t f = 1; f < d.fields.size(); ++f) {
    FieldLabels(d, *table.column(d.fields[f]), labels).read(rows, field);
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (ids[i] == kEmpty) ids[i] = field[i];
  }
  if (!d.infer_from.empty()) {
    const Column& source = *table.column(d.infer_from);
    std::unordered_map<std::string, std::uint32_t> by_source;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (ids[i] != kEmpty) continue;
      const std::string text = value_text(source.value(rows[i]));
      auto [it, added] = by_source.try_emplace(text, 0);
      if (added) it->second = labels.id(dimension_label(d, inferred_value(d, text)));
      ids[i] = it->second;
    }
  }
  std::uint32_t empty = kEmpty;  // the "empty" label, made when some row needs it
  for (auto& id : ids)
    if (id == kEmpty) id = empty != kEmpty ? empty : (empty = labels.id(d.empty));
  return ids;
}

// The number a measure reads from one row: the first of its fields holding a number or a date.
double measured(const std::vector<const Column*>& columns, std::uint32_t row) {
  for (const Column* col : columns) {
    const double v = col->kind == Column::Text ? col->dictionary.at(col->codes[row]).number : col->numbers[row];
    if (std::isfinite(v)) return v;
  }
  return kNaN;
}

// Groups: one id per selected row, and each group's label id per dimension.
struct Grouping {
  std::vector<std::uint32_t> of_row;
  std::vector<std::vector<std::uint32_t>> dimensions;  // [group][dimension]
  std::vector<Labels> labels;                          // per dimension
};

Grouping group_rows(const AggregateSpec& spec, const ColumnTable& table, const Rows& rows) {
  Grouping g;
  g.of_row.assign(rows.size(), 0);
  g.labels.resize(spec.group_by.size());
  if (spec.group_by.empty()) {
    if (rows.size() != 0) g.dimensions.emplace_back();
    return g;
  }
  std::vector<std::vector<std::uint32_t>> ids;
  for (std::size_t k = 0; k < spec.group_by.size(); ++k)
    ids.push_back(dimension_ids(spec.group_by[k], table, rows, g.labels[k]));
  if (ids.size() == 1) {  // the label is the group
    g.of_row = std::move(ids[0]);
    for (std::uint32_t id = 0; id < g.labels[0].names.size(); ++id) g.dimensions.push_back({id});
    return g;
  }
  // Rows with equal label tuples share a group; a tuple is a mixed-radix number when that fits.
  std::uint64_t product = 1;
  bool fits = true;
  for (const auto& l : g.labels) fits = fits && !__builtin_mul_overflow(product, l.names.size() + 1, &product);
  std::unordered_map<std::uint64_t, std::uint32_t> by_number;
  std::map<std::vector<std::uint32_t>, std::uint32_t> by_tuple;
  std::vector<std::uint32_t> tuple(ids.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::uint64_t number = 0;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      tuple[k] = ids[k][i];
      number = number * (g.labels[k].names.size() + 1) + tuple[k];
    }
    const auto next = static_cast<std::uint32_t>(g.dimensions.size());
    const std::uint32_t group =
        fits ? by_number.try_emplace(number, next).first->second : by_tuple.try_emplace(tuple, next).first->second;
    if (group == next) g.dimensions.push_back(tuple);
    g.of_row[i] = group;
  }
  return g;
}

// Per group, what one measure needs.
struct Accumulators {
  std::vector<double> sum, low, high;
  std::vector<std::int64_t> n;
  std::vector<std::vector<double>> values;  // percentiles
  std::vector<std::int64_t> distinct;
};

Accumulators accumulate(const Measure& m, const ColumnTable& table, const Rows& rows, const Grouping& g) {
  const std::size_t groups = g.dimensions.size();
  Accumulators a;
  if (m.op == Measure::Count) return a;
  if (m.op == Measure::CountDistinct) {
    Labels labels;
    const auto ids = dimension_ids(m.input, table, rows, labels);
    std::unordered_set<std::uint64_t> pairs;
    a.distinct.assign(groups, 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (labels.names[ids[i]].empty()) continue;  // an empty value is not a distinct value
      if (pairs.insert(std::uint64_t{g.of_row[i]} << 32 | ids[i]).second) ++a.distinct[g.of_row[i]];
    }
    return a;
  }
  std::vector<const Column*> columns;
  for (const auto& f : m.input.fields) columns.push_back(table.column(f));
  a.sum.assign(groups, 0), a.n.assign(groups, 0);
  a.low.assign(groups, std::numeric_limits<double>::infinity());
  a.high.assign(groups, -std::numeric_limits<double>::infinity());
  if (m.op == Measure::Percentile) a.values.resize(groups);
  // One number column (the usual case) is read directly; otherwise the first field with a number.
  const bool direct = columns.size() == 1 && columns[0]->kind != Column::Text;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double v = direct ? columns[0]->numbers[rows[i]] : measured(columns, rows[i]);
    if (!std::isfinite(v)) continue;
    const std::uint32_t group = g.of_row[i];
    ++a.n[group];
    switch (m.op) {
      case Measure::Min:
        a.low[group] = std::min(a.low[group], v);
        break;
      case Measure::Max:
        a.high[group] = std::max(a.high[group], v);
        break;
      case Measure::Percentile:
        a.values[group].push_back(v);
        break;
      default:
        a.sum[group] += v;
    }
  }
  for (auto& v : a.values) std::sort(v.begin(), v.end());
  return a;
}

Json measure_value(const Measure& m, const Accumulators& a, std::uint32_t group, std::int64_t rows) {
  const bool none = m.op != Measure::Count && m.op != Measure::CountDistinct && a.n[group] == 0;
  switch (m.op) {
    case Measure::Count:
      return rows;
    case Measure::Sum:
      return a.sum[group];
    case Measure::Avg:
      return none ? Json(nullptr) : Json(a.sum[group] / static_cast<double>(a.n[group]));
    case Measure::Min:
      return none ? Json(nullptr) : Json(a.low[group]);
    case Measure::Max:
      return none ? Json(nullptr) : Json(a.high[group]);
    case Measure::CountDistinct:
      return a.distinct[group];
    case Measure::Percentile:
      return none ? Json(nullptr) : Json(percentile_of(a.values[group], m.percentile));
  }
  return nullptr;
}

// One {group-by label, measures...} row per non-empty group: `labels[k][group]` names the group
// in dimension k, `counts[group]` its rows.
Json grouped_rows(const AggregateSpec& spec, const std::vector<std::vector<std::uint32_t>>& dimensions,
                  const std::vector<Labels>& labels, const std::vector<std::int64_t>& counts,
                  const std::vector<Accumulators>& measures) {
  Json out = Json::array();
  for (std::uint32_t group = 0; group < dimensions.size(); ++group) {
    if (counts[group] == 0) continue;  // a label some row's later field or rule produced, unused
    Json row = Json::object();
    for (std::size_t k = 0; k < spec.group_by.size(); ++k)
      row[spec.group_by[k].name] = labels[k].names[dimensions[group][k]];
    for (std::size_t i = 0; i < spec.measures.size(); ++i)
      row[spec.measures[i].name] = measure_value(spec.measures[i], measures[i], group, counts[group]);
    out.push_back(std::move(row));
  }
  return ordered_result(spec, std::move(out));
}

// The columns of measures that read one number column each (count reads none), or empty when
// some measure needs the general path.
std::optional<std::vector<const Column*>> plain_measures(const AggregateSpec& spec, const ColumnTable& table) {
  std::vector<const Column*> columns;
  for (const auto& m : spec.measures) {
    if (m.op == Measure::Count) {
      columns.push_back(nullptr);
      continue;
    }
    const bool plain = m.op == Measure::Sum || m.op == Measure::Avg || m.op == Measure::Min || m.op == Measure::Max;
    if (!plain || m.input.fields.size() != 1 || !m.input.infer_from.empty()) return std::nullopt;
    const Column* col = table.column(m.input.fields[0]);
    if (col == nullptr || col->kind == Column::Text) return std::nullopt;
    columns.push_back(col);
  }
  return columns;
}

// Adds one plain measure's column into per-group accumulators. Rows come in runs of one group
// (a session's messages share a day): a run is summed in registers and added to its group when
// the group changes, so consecutive rows do not wait on each other's stores to the same group.
void accumulate_plain(const double* values, const Rows& rows, const std::uint32_t* group_of, Accumulators& a) {
  std::uint32_t group = rows.size() > 0 ? group_of[0] : 0;
  double sum = 0, low = INFINITY, high = -INFINITY;
  std::int64_t n = 0;
  const auto flush = [&] {
    a.sum[group] += sum, a.n[group] += n;
    a.low[group] = std::min(a.low[group], low), a.high[group] = std::max(a.high[group], high);
    sum = 0, low = INFINITY, high = -INFINITY, n = 0;
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (group_of[i] != group) {
      flush();
      group = group_of[i];
    }
    const double x = values[rows[i]];
    if (!std::isfinite(x)) continue;
    ++n, sum += x;
    low = std::min(low, x), high = std::max(high, x);
  }
  if (rows.size() > 0) flush();
}

// The group of each row by d's date bucket (group 0: no date; group g + 1 has label g, in order
// of appearance), and each group's row count.
struct DateGroups {
  explicit DateGroups(std::size_t rows) : of_row(new std::uint32_t[rows]) {}  // each row written once
  std::unique_ptr<std::uint32_t[]> of_row;
  std::vector<std::int64_t> counts{0};
  std::vector<Labels> labels = std::vector<Labels>(1);  // one dimension
};

// Adds the group of the bucket that holds `ms`.
std::uint32_t new_bucket_group(DateGroups& g, double ms, const Dimension& d) {
  g.counts.push_back(0);
  g.labels[0].id(bucket_label(static_cast<std::int64_t>(ms), d));
  return static_cast<std::uint32_t>(g.counts.size() - 1);
}

// The group of each row's bucket (0: no date), made as buckets first appear, and their counts.
// A run of rows in one bucket is counted in a register and added when the bucket changes, so
// consecutive rows do not each wait on the previous one's increment of the same count.
void date_groups(const Column& date, const Dimension& d, const Rows& rows, DateGroups& g) {
  BucketSlots slots(date, d, rows, 0);
  double from = INFINITY, to = -INFINITY;  // the last row's bucket
  std::uint32_t group = 0;
  std::int64_t run = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double v = date.numbers[rows[i]];
    if (!(v >= from && v < to)) {
      g.counts[group] += run;
      run = 0;
      if (!std::isfinite(v)) {
        group = 0, from = INFINITY, to = -INFINITY;
      } else {
        const std::int64_t k = slots.key(v);
        std::uint32_t& slot = slots.slot(k);
        if (slot == 0) slot = new_bucket_group(g, v, d);
        group = slot;
        std::tie(from, to) = bucket_bounds(k, d);
      }
    }
    g.of_row[i] = group;
    ++run;
  }
  g.counts[group] += run;
}

// Group by one date bucket with plain measures (the dashboard's "per day"): one pass buckets each
// row and counts it, then one tight pass per measure, where the general path makes passes for
// the bucket range, the label ids, the empty labels and the counts. Returns nothing when the
// spec needs the general path.
std::optional<Json> one_date_bucket(const AggregateSpec& spec, const ColumnTable& table, const Rows& rows) {
  if (spec.group_by.size() != 1) return std::nullopt;
  const Dimension& d = spec.group_by[0];
  const Column* date = d.fields.size() == 1 ? table.column(d.fields[0]) : nullptr;
  if (date == nullptr || date->kind != Column::Date || d.bucket == Dimension::None || !d.infer_from.empty())
    return std::nullopt;
  const auto columns = plain_measures(spec, table);
  if (!columns) return std::nullopt;
  DateGroups groups(rows.size());
  date_groups(*date, d, rows, groups);
  std::vector<std::int64_t>& counts = groups.counts;
  std::vector<Labels>& labels = groups.labels;
  std::vector<Accumulators> acc(spec.measures.size());
  for (std::size_t m = 0; m < acc.size(); ++m) {
    if ((*columns)[m] == nullptr) continue;  // count
    Accumulators& a = acc[m];
    a.sum.assign(counts.size(), 0), a.n.assign(counts.size(), 0);
    a.low.assign(counts.size(), std::numeric_limits<double>::infinity());
    a.high.assign(counts.size(), -std::numeric_limits<double>::infinity());
    accumulate_plain((*columns)[m]->numbers.data(), rows, groups.of_row.get(), a);
  }
  // Group g + 1 has label g; the empty group (0) takes the label made last, as the general path.
  std::vector<std::vector<std::uint32_t>> dimensions(counts.size());
  for (std::uint32_t g = 1; g < counts.size(); ++g) dimensions[g] = {g - 1};
  dimensions[0] = {counts[0] > 0 ? labels[0].id(d.empty) : 0};
  // Output order is label order: the empty group goes last.
  auto first_to_end = [](auto& v) {
    if (!v.empty()) std::rotate(v.begin(), v.begin() + 1, v.end());
  };
  first_to_end(dimensions), first_to_end(counts);
  for (auto& a : acc) first_to_end(a.sum), first_to_end(a.low), first_to_end(a.high), first_to_end(a.n);
  return grouped_rows(spec, dimensions, labels, counts, acc);
}

}  // namespace

Json column_aggregate(const AggregateSpec& spec, const ColumnTable& table, const std::vector<std::uint8_t>* mask) {
  std::vector<std::uint32_t> picked;
  if (mask != nullptr)
    for (std::uint32_t r = 0; r < table.rows(); ++r)
      if ((*mask)[r] != 0) picked.push_back(r);
  const Rows rows{mask != nullptr ? &picked : nullptr, mask != nullptr ? picked.size() : table.rows()};
  if (auto fused = one_date_bucket(spec, table, rows)) return std::move(*fused);
  const Grouping g = group_rows(spec, table, rows);
  std::vector<std::int64_t> counts(g.dimensions.size(), 0);
  for (const std::uint32_t group : g.of_row) ++counts[group];
  std::vector<Accumulators> measures;
  for (const auto& m : spec.measures) measures.push_back(accumulate(m, table, rows, g));
  return grouped_rows(spec, g.dimensions, g.labels, counts, measures);
}

}  // namespace pocketlite
