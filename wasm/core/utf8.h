// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), as the
// JSON library demands when it writes text: checked and repaired in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pocketlite {

/// The length of the well-formed UTF-8 sequence starting at `i`, or 0 when there is none.
std::size_t utf8_sequence_at(std::string_view s, std::size_t i);

/// Whether all of `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

/// `s` with each byte that is not part of a well-formed sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view s);

}  // namespace pocketlite
