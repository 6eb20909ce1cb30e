#include "simd/byte_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace pocketlite::simd;

// The build's kernel (SSE2 natively) must agree with the scalar reference everywhere: every
// length, every offset (unaligned starts), stops at every position or none at all.
TEST(ByteScan, MatchesTheScalarReference) {
  std::mt19937 random(7);
  const std::string stops = std::string("\"\\\x01\x1f\x80\xff", 6);
  for (int length = 0; length < 80; ++length) {
    for (int offset = 0; offset < 16; ++offset) {
      std::string text(static_cast<std::size_t>(offset + length), 'a');
      for (auto& c : text) c = static_cast<char>(' ' + random() % 60);  // plain printable ASCII (no quote/backslash)
      for (auto& c : text)
        if (c == '"' || c == '\\') c = 'x';
      if (length > 0 && random() % 4 != 0)
        text[static_cast<std::size_t>(offset) + random() % length] = stops[random() % stops.size()];
      const char* begin = text.data() + offset;
      const char* end = text.data() + text.size();
      ASSERT_EQ(find_string_stop(begin, end), find_string_stop_scalar(begin, end))
          << "length " << length << " offset " << offset;
    }
  }
}

TEST(ByteScan, FindsEachKindOfStop) {
  for (char stop : {'"', '\\', '\n', '\x7f', '\xc3'}) {
    std::string text = std::string(37, 'a') + stop + "tail";
    const char* found = find_string_stop(text.data(), text.data() + text.size());
    const std::ptrdiff_t expected = stop == '\x7f' ? static_cast<std::ptrdiff_t>(text.size()) : 37;  // DEL is plain
    EXPECT_EQ(found - text.data(), expected) << static_cast<int>(stop);
  }
}
