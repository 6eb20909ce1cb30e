#include "db/pb_date.h"

#include <cstdint>

namespace pocketlite {
namespace {

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool digits(int count, int& out) {
    out = 0;
    for (int k = 0; k < count; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  }
  bool take(char c) { return i < s.size() && s[i] == c ? (++i, true) : false; }
  bool take_any(std::string_view set) {
    return i < s.size() && set.find(s[i]) != std::string_view::npos ? (++i, true) : false;
  }
  [[nodiscard]] bool done() const { return i == s.size(); }
};

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<std::string> normalize_pb_date(std::string_view text) {
  Cursor c{text};
  int y, mo, d, h, mi, s;
  if (!c.digits(4, y) || !c.take('-') || !c.digits(2, mo) || !c.take('-') || !c.digits(2, d)) return std::nullopt;
  // A date alone is its midnight, UTC (as PocketBase reads "2024-01-01").
  if (c.done()) {
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
    return format_pb_date(days_from_civil(y, mo, d) * 86400000);
  }
  if (!c.take_any(" T") || !c.digits(2, h) || !c.take(':') || !c.digits(2, mi) || !c.take(':') || !c.digits(2, s))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59) return std::nullopt;
  int ms = 0, fraction_digits = 0;
  if (c.take('.')) {
    int scale = 100, digit = 0, count = 0;
    while (c.digits(1, digit)) {
      ms += digit * scale;
      scale /= 10;
      ++count;
    }
    if (count == 0) return std::nullopt;  // digits beyond milliseconds are truncated, as PocketBase does
    fraction_digits = count;
  }
  int offset_minutes = 0;
  if (!c.done() && !c.take('Z')) {  // no zone at all: UTC, as PocketBase reads it
    const bool neg = c.i < text.size() && text[c.i] == '-';
    int oh, om;
    if (!c.take_any("+-") || !c.digits(2, oh) || !c.take(':') || !c.digits(2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_minutes = (neg ? -1 : 1) * (oh * 60 + om);
  }
  if (!c.done()) return std::nullopt;
  // Already canonical (what the server always sends): keep it, the common case on sync.
  if (text[10] == ' ' && fraction_digits == 3 && text.back() == 'Z') return std::string(text);
  std::int64_t minutes = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi - offset_minutes;
  std::int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  const int minute_of_day = static_cast<int>(minutes - days * 1440);
  civil_from_days(days, y, mo, d);
  if (y < 0 || y > 9999) return std::nullopt;
  return format_pb_date(((days * 1440 + minute_of_day) * 60 + s) * 1000 + ms);
}

CivilTime civil_time(std::int64_t epoch_ms) {
  const std::int64_t ms_per_day = 86400000;
  const std::int64_t days = epoch_ms >= 0 ? epoch_ms / ms_per_day : -((-epoch_ms + ms_per_day - 1) / ms_per_day);
  const auto of_day = static_cast<int>(epoch_ms - days * ms_per_day);
  CivilTime t{};
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = of_day / 3600000, t.minute = of_day / 60000 % 60, t.second = of_day / 1000 % 60,
  t.millisecond = of_day % 1000;
  t.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return t;
}

std::int64_t epoch_ms_of_date(int year, int month, int day) {
  return (days_from_civil(year, month, 1) + day - 1) * 86400000LL;
}

std::string format_pb_date(std::int64_t epoch_ms) {
  const CivilTime t = civil_time(epoch_ms);
  std::string out = "0000-00-00 00:00:00.000Z";
  auto put = [&out](std::size_t at, int value, int width) {
    for (int k = width - 1; k >= 0; --k, value /= 10)
      out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
  };
  put(0, t.year, 4), put(5, t.month, 2), put(8, t.day, 2), put(11, t.hour, 2), put(14, t.minute, 2);
  put(17, t.second, 2), put(20, t.millisecond, 3);
  return out;
}

}  // namespace pocketlite
