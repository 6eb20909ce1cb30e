#include "core/number_parse.h"

#include <fast_float/fast_float.h>

namespace pocketlite {

std::size_t parse_number_prefix(std::string_view text, double& value) {
  const auto [stop, error] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() ? static_cast<std::size_t>(stop - text.data()) : 0;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  if (text.empty() || parse_number_prefix(text, value) != text.size()) return std::nullopt;
  return value;
}

}  // namespace pocketlite
