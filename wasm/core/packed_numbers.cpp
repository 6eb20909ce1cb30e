#include "core/packed_numbers.h"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/number_parse.h"

namespace pocketlite {
namespace {

// The form byte: float32 written as the double it is exactly, float32 written as its shortest
// float32 text, or float64.
enum Form : char { kExactFloat = 4, kShortFloat = 5, kDouble = 8 };

bool space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

std::size_t width(char form) { return form == kDouble ? 8 : 4; }

// Significant digits of a JSON number's text (leading and trailing zeros of the digits are not).
int significant_digits(std::string_view number) {
  int digits = 0, zeros = 0;
  bool started = false;
  for (char c : number) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    if (c == '0' && !started) continue;
    started = true;
    zeros = c == '0' ? zeros + 1 : 0;
    ++digits;
  }
  return digits - zeros;
}

// Appends the shortest text that reads back as `value` (nlohmann/json's Grisu2: shortest in all
// but rare cases, and always read back exactly), of a double or of a float32.
template <class T>
void append_shortest(std::string& out, T value) {
  char buffer[64];
  out.append(buffer,
             static_cast<std::size_t>(nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value) - buffer));
}

// Whether a number's text, of `digits` significant digits, is what append_shortest writes for its
// float32, read as a double. float32's shortest text never has more than 9 digits; anything
// shorter is written and read (Grisu2 is not always shortest, so no digit count is trusted).
bool short_float(double value, int digits) {
  if (digits > 9 || !std::isfinite(static_cast<float>(value))) return false;
  std::string text;
  append_shortest(text, static_cast<float>(value));
  return parse_number(text) == value;
}

struct Parsed {
  std::vector<double> values;
  bool exact = true, short_text = true;  // every number is exactly a float32; is its shortest text
};

// The numbers of a JSON array, or false for any other text (strings, nested values, a cut array).
bool parse_array(std::string_view text, Parsed& out) {
  std::size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && space(text[i])) ++i;
  };
  skip();
  if (i >= text.size() || text[i] != '[') return false;
  ++i;
  for (;;) {
    skip();
    double value = 0;
    const std::size_t length = parse_number_prefix(text.substr(i), value);
    if (length == 0 || !std::isfinite(value)) return false;
    out.values.push_back(value);
    out.exact = out.exact && static_cast<double>(static_cast<float>(value)) == value;
    out.short_text = out.short_text && short_float(value, significant_digits(text.substr(i, length)));
    i += length;
    skip();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i >= text.size() || text[i] != ']') return false;
    ++i;
    skip();
    return i == text.size();
  }
}

template <class T>
void append_values(std::string& out, char form, const std::vector<double>& values) {
  out.reserve(1 + values.size() * sizeof(T));
  out += form;
  for (double value : values) {
    const T v = static_cast<T>(value);
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
}

template <class T>
T element(std::string_view blob, std::size_t i) {
  T v;
  std::memcpy(&v, blob.data() + 1 + i * sizeof(T), sizeof v);
  return v;
}

// The form that keeps every number: float32 written shortest, float32 that is exact, float64.
char form_of(const Parsed& parsed) {
  if (parsed.short_text) return kShortFloat;
  return parsed.exact ? kExactFloat : kDouble;
}

}  // namespace

std::optional<std::string> pack_numbers(std::string_view json_array) {
  Parsed parsed;
  if (!parse_array(json_array, parsed)) return std::nullopt;
  const char form = form_of(parsed);
  std::string out;
  if (form == kDouble)
    append_values<double>(out, form, parsed.values);
  else
    append_values<float>(out, form, parsed.values);
  return out;
}

std::optional<std::size_t> packed_count(std::string_view blob) {
  if (blob.size() < 2) return std::nullopt;
  const char form = blob[0];
  if (form != kExactFloat && form != kShortFloat && form != kDouble) return std::nullopt;
  if ((blob.size() - 1) % width(form) != 0) return std::nullopt;
  return (blob.size() - 1) / width(form);
}

bool unpack_floats(std::string_view blob, float* out, std::size_t n) {
  if (packed_count(blob) != n) return false;
  if (blob[0] != kDouble) {
    std::memcpy(out, blob.data() + 1, n * sizeof(float));
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(element<double>(blob, i));
  }
  return true;
}

bool append_packed_json(std::string& out, std::string_view blob) {
  const auto n = packed_count(blob);
  if (!n) return false;
  const char form = blob[0];
  out.reserve(out.size() + 2 + *n * (form == kShortFloat ? 12 : 22));
  out += '[';
  for (std::size_t i = 0; i < *n; ++i) {
    if (i > 0) out += ',';
    if (form == kShortFloat)
      append_shortest(out, element<float>(blob, i));
    else
      append_shortest(out, form == kDouble ? element<double>(blob, i) : static_cast<double>(element<float>(blob, i)));
  }
  out += ']';
  return true;
}

}  // namespace pocketlite
