#include "analytics/dimension_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "db/pb_date.h"

namespace pocketlite {
namespace {

constexpr std::int64_t kHourMs = 3600000, kDayMs = 86400000;

// Digits of `s` at [at, at + length) as a number, or -1 if any is not a digit.
int digits(std::string_view s, std::size_t at, std::size_t length) {
  int value = 0;
  for (std::size_t i = at; i < at + length; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

}  // namespace

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
  return epoch_ms_of_date(parts[0], parts[1], parts[2]) + parts[3] * kHourMs + parts[4] * 60000LL + parts[5] * 1000LL +
         parts[6];
}

std::optional<double> canonical_date_ms(std::string_view text) {
  const auto ms = date_ms(text);
  if (!ms || format_pb_date(*ms) != text) return std::nullopt;
  return static_cast<double>(*ms);
}

std::string value_text(const SqlValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* d = std::get_if<double>(&value)) return Json(*d).dump();
  return "";
}

std::string bucket_label(std::int64_t ms, const Dimension& d) {
  const std::int64_t local = ms + d.offset_minutes * 60000LL;
  CivilTime t = civil_time(local);
  char out[32];
  if (d.bucket == Dimension::Hour) {
    std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:00", t.year, t.month, t.day, t.hour);
    return out;
  }
  if (d.bucket == Dimension::Week) t = civil_time(local - ((t.weekday + 6) % 7) * kDayMs);  // Monday
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", t.year, t.month, d.bucket == Dimension::Month ? 1 : t.day);
  return out;
}

// Hours, days and weeks in floating point: exact for ms (integers below 2^53) divided by whole
// hours or days, and cheaper than 64-bit division in wasm.
std::optional<FixedBuckets> fixed_buckets(const Dimension& d) {
  const double offset = d.offset_minutes * 60000.0;
  switch (d.bucket) {
    case Dimension::Hour:
      return FixedBuckets{static_cast<double>(kHourMs), offset};
    case Dimension::Week:  // 1970-01-01 was a Thursday: 3 days after Monday
      return FixedBuckets{7.0 * kDayMs, offset + 3.0 * kDayMs};
    case Dimension::Month:
      return std::nullopt;
    default:
      return FixedBuckets{static_cast<double>(kDayMs), offset};
  }
}

std::int64_t bucket_key(double ms, const Dimension& d) {
  if (const auto fixed = fixed_buckets(d)) return fixed->key(ms);
  const CivilTime t = civil_time(static_cast<std::int64_t>(ms + d.offset_minutes * 60000.0));
  return t.year * 12LL + t.month - 1;
}

std::pair<double, double> bucket_bounds(std::int64_t key, const Dimension& d) {
  const double offset = d.offset_minutes * 60000.0, hour = kHourMs, day = kDayMs;
  const auto x = static_cast<double>(key);
  switch (d.bucket) {
    case Dimension::Hour:
      return {x * hour - offset, (x + 1) * hour - offset};
    case Dimension::Week:
      return {(x * 7 - 3) * day - offset, (x * 7 + 4) * day - offset};
    case Dimension::Month: {
      const int year = static_cast<int>(key / 12), month = static_cast<int>(key % 12) + 1;
      return {static_cast<double>(epoch_ms_of_date(year, month, 1)) - offset,
              static_cast<double>(epoch_ms_of_date(year + month / 12, month % 12 + 1, 1)) - offset};
    }
    default:
      return {x * day - offset, (x + 1) * day - offset};
  }
}

std::string inferred_value(const Dimension& d, std::string_view source) {
  std::string lower(source);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.empty()) return d.otherwise;
  for (const auto& rule : d.rules)
    if (std::any_of(rule.contains.begin(), rule.contains.end(),
                    [&](const std::string& c) { return lower.find(c) != std::string::npos; }))
      return rule.value;
  return d.otherwise;
}

std::string dimension_label(const Dimension& d, std::string value) {
  if (d.bucket != Dimension::None && !value.empty()) {
    const auto ms = date_ms(value);
    value = ms ? bucket_label(*ms, d) : "";
  }
  return value.empty() ? d.empty : value;
}

double percentile_of(const std::vector<double>& sorted, double p) {
  // Linear interpolation between the closest ranks (numpy's default).
  const double rank = p * static_cast<double>(sorted.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(rank));
  const std::size_t high = std::min(low + 1, sorted.size() - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - static_cast<double>(low));
}

Json ordered_result(const AggregateSpec& spec, Json rows) {
  auto order = spec.order;
  for (const auto& d : spec.group_by) order.emplace_back(d.name, false);  // ties: dimensions ascending
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
  if (spec.limit && rows.size() > *spec.limit)
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(*spec.limit), rows.end());
  return Json{{"rows", std::move(rows)}, {"groups", groups}};
}

}  // namespace pocketlite
