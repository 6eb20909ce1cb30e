#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pocketlite {

/// The double a JSON number's text denotes, correctly rounded; nullopt unless all of `text` is
/// one decimal number (no spaces, no leading '+', no hex; "inf" and "nan" are read, so callers that
/// need a finite value check it). Used instead of strtod on hot paths: in wasm, musl's strtod works
/// in software 128-bit long double (two thirds of a vector page's ingest time went there).
std::optional<double> parse_number(std::string_view text);

/// Reads the number at the start of `text` into `value` (the same forms as parse_number); returns
/// how many characters it read, 0 when `text` does not start with a number.
std::size_t parse_number_prefix(std::string_view text, double& value);

}  // namespace pocketlite
