#include "analytics/rollup.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "db/pb_date.h"

namespace pocketlite {
namespace {

std::string text_of(const SqlValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return Json(*d).dump();
  return "";
}

// Digits of `s` at [at, at + length) as a number, or -1 if any is not a digit.
int digits(std::string_view s, std::size_t at, std::size_t length) {
  int value = 0;
  for (std::size_t i = at; i < at + length; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// "YYYY-MM-DD HH:MM:SS.sssZ" (PocketBase's form, read directly) or other RFC 3339 text, as ms
// since the epoch.
std::optional<std::int64_t> date_ms(std::string_view text) {
  std::string normal;
  if (text.size() != 24 || text[10] != ' ' || text[23] != 'Z') {
    auto converted = normalize_pb_date(text);
    if (!converted) return std::nullopt;
    normal = std::move(*converted);
    text = normal;
  }
  const int parts[] = {digits(text, 0, 4),  digits(text, 5, 2),  digits(text, 8, 2), digits(text, 11, 2),
                       digits(text, 14, 2), digits(text, 17, 2), digits(text, 20, 3)};
  for (int part : parts)
    if (part < 0) return std::nullopt;
  return epoch_ms_of_date(parts[0], parts[1], parts[2]) + parts[3] * 3600000LL + parts[4] * 60000LL +
         parts[5] * 1000LL + parts[6];
}

// The start of the bucket holding `ms` in the dimension's fixed offset, as a date (or hour) label.
std::string bucket_label(std::int64_t ms, const Dimension& d) {
  const std::int64_t local = ms + d.offset_minutes * 60000LL;
  CivilTime t = civil_time(local);
  char out[32];
  if (d.bucket == Dimension::Hour) {
    std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:00", t.year, t.month, t.day, t.hour);
    return out;
  }
  if (d.bucket == Dimension::Week) t = civil_time(local - ((t.weekday + 6) % 7) * 86400000LL);  // Monday
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", t.year, t.month, d.bucket == Dimension::Month ? 1 : t.day);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

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
      if (!(v = text_of(value(f))).empty()) break;
    if (v.empty() && !d.infer_from.empty()) {
      const std::string source = lower(text_of(value(d.infer_from)));
      v = d.otherwise;
      for (const auto& rule : d.rules)
        if (!source.empty() && std::any_of(rule.contains.begin(), rule.contains.end(),
                                           [&](const std::string& c) { return source.find(c) != std::string::npos; })) {
          v = rule.value;
          break;
        }
    }
    if (d.bucket != Dimension::None && !v.empty()) {
      const auto ms = date_ms(v);
      v = ms ? bucket_label(*ms, d) : "";
    }
    return v.empty() ? d.empty : v;
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
    case Measure::Percentile: {
      if (a.sorted.empty()) return nullptr;
      // Linear interpolation between the closest ranks (numpy's default).
      const double rank = m.percentile * static_cast<double>(a.sorted.size() - 1);
      const auto low = static_cast<std::size_t>(std::floor(rank));
      const std::size_t high = std::min(low + 1, a.sorted.size() - 1);
      return a.sorted[low] + (a.sorted[high] - a.sorted[low]) * (rank - static_cast<double>(low));
    }
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
  auto order = spec_.order;
  for (const auto& d : spec_.group_by) order.emplace_back(d.name, false);  // ties: dimensions ascending
  std::sort(rows.begin(), rows.end(), [&](const Json& a, const Json& b) {
    for (const auto& [name, desc] : order) {
      const Json& x = a[name];
      const Json& y = b[name];
      if (x == y) continue;
      return desc ? y < x : x < y;
    }
    return false;
  });
  const std::size_t groups = rows.size();
  if (spec_.limit && rows.size() > *spec_.limit)
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(*spec_.limit), rows.end());
  return Json{{"rows", std::move(rows)}, {"groups", groups}};
}

}  // namespace pocketlite
