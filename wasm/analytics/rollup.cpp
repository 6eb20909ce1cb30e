#include "analytics/rollup.h"

#include <algorithm>
#include <cmath>

#include "analytics/dimension_text.h"

namespace pocketlite {
Rollup::Rollup(AggregateSpec spec, bool maintained)
    : spec_(std::move(spec)), fields_(spec_.fields()), maintained_(maintained) {}

void Rollup::clear() {
  groups_.clear();
  rows_.clear();
}

Rollup::Contribution Rollup::contribution_of(const RowValues& row) const {
  auto value = [&](const std::string& field) -> const SqlValue& {
    const auto at = std::lower_bound(fields_.begin(), fields_.end(), field) - fields_.begin();
    return row[static_cast<std::size_t>(at)];
  };
  // The dimension's text: first non-empty field, else inferred, bucketed, else its "empty" label.
  auto text = [&](const Dimension& d) {
    std::string v;
    for (const auto& f : d.fields)
      if (!(v = value_text(value(f))).empty()) break;
    if (v.empty() && !d.infer_from.empty()) v = inferred_value(d, value_text(value(d.infer_from)));
    return dimension_label(d, std::move(v));
  };
  Contribution c;
  for (const auto& d : spec_.group_by) c.group += text(d) + '\x1f';
  for (const auto& m : spec_.measures) {
    std::optional<double> number;
    std::optional<std::string> label;
    if (m.op == Measure::CountDistinct) {
      label = text(m.input);
      if (label->empty()) label.reset();  // empty values are not a distinct value (unless labelled)
    } else if (m.op != Measure::Count) {
      for (const auto& f : m.input.fields) {
        const SqlValue& v = value(f);
        if (const auto* d = std::get_if<double>(&v)) number = *d;
        if (const auto* s = std::get_if<std::string>(&v); s && !s->empty()) {
          if (auto ms = date_ms(*s)) number = static_cast<double>(*ms);
        }
        if (number) break;
      }
    }
    c.numbers.push_back(number);
    c.texts.push_back(label);
  }
  return c;
}

void Rollup::add(const Contribution& c, int sign) {
  auto [it, created] = groups_.try_emplace(c.group);
  Group& g = it->second;
  if (created) {
    g.measures.resize(spec_.measures.size());
    std::size_t start = 0;
    for (std::size_t i = 0; i < spec_.group_by.size(); ++i) {
      const std::size_t end = c.group.find('\x1f', start);
      g.dimensions.push_back(c.group.substr(start, end - start));
      start = end + 1;
    }
  }
  g.rows += sign;
  for (std::size_t i = 0; i < spec_.measures.size(); ++i) {
    Accumulator& a = g.measures[i];
    if (c.texts[i]) {
      if ((a.distinct[*c.texts[i]] += sign) == 0) a.distinct.erase(*c.texts[i]);
    }
    if (!c.numbers[i]) continue;
    const double v = *c.numbers[i];
    a.sum += sign * v;
    a.n += sign;
    const auto op = spec_.measures[i].op;
    if (op == Measure::Min || op == Measure::Max || op == Measure::Percentile) {
      if (sign > 0)
        a.sorted.insert(std::upper_bound(a.sorted.begin(), a.sorted.end(), v), v);
      else if (auto at = std::lower_bound(a.sorted.begin(), a.sorted.end(), v); at != a.sorted.end() && *at == v)
        a.sorted.erase(at);
    }
  }
  if (g.rows == 0) groups_.erase(it);
}

void Rollup::apply(std::int64_t rowid, const std::optional<RowValues>& row) {
  if (auto old = rows_.find(rowid); old != rows_.end()) {
    add(old->second, -1);
    rows_.erase(old);
  }
  if (!row) return;
  Contribution c = contribution_of(*row);
  add(c, +1);
  if (maintained_) rows_.emplace(rowid, std::move(c));
}

Json Rollup::measure_value(const Measure& m, const Group& g, std::size_t i) const {
  const Accumulator& a = g.measures[i];
  switch (m.op) {
    case Measure::Count:
      return g.rows;
    case Measure::Sum:
      return a.sum;
    case Measure::Avg:
      return a.n > 0 ? Json(a.sum / static_cast<double>(a.n)) : Json(nullptr);
    case Measure::Min:
      return a.sorted.empty() ? Json(nullptr) : Json(a.sorted.front());
    case Measure::Max:
      return a.sorted.empty() ? Json(nullptr) : Json(a.sorted.back());
    case Measure::CountDistinct:
      return a.distinct.size();
    case Measure::Percentile:
      return a.sorted.empty() ? Json(nullptr) : Json(percentile_of(a.sorted, m.percentile));
  }
  return nullptr;
}

Json Rollup::result() const {
  Json rows = Json::array();
  for (const auto& [key, g] : groups_) {
    Json row = Json::object();
    for (std::size_t i = 0; i < spec_.group_by.size(); ++i) row[spec_.group_by[i].name] = g.dimensions[i];
    for (std::size_t i = 0; i < spec_.measures.size(); ++i)
      row[spec_.measures[i].name] = measure_value(spec_.measures[i], g, i);
    rows.push_back(std::move(row));
  }
  return ordered_result(spec_, std::move(rows));
}

}  // namespace pocketlite
