// Strings written into record JSON (append_json_string): every byte sequence reads back as it was,
// with PocketBase's escapes, whichever 16-byte block the characters to escape fall in.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/json_parse.h"
#include "db/field_codec.h"

using namespace pocketlite;

namespace {

std::string written(std::string_view text) {
  std::string out = "prefix ";
  append_json_string(out, text);
  return out.substr(7);
}

}  // namespace

TEST(JsonString, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(written(""), R"("")");
  EXPECT_EQ(written("plain"), R"("plain")");
  EXPECT_EQ(written("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(written("l1\nl2\r\tx"), R"("l1\nl2\r\tx")");
  EXPECT_EQ(written(std::string("\x01\x1f\b\f", 4)), R"("\u0001\u001f\u0008\u000c")");
  EXPECT_EQ(written("Ünï ✓ 日本"), "\"Ünï ✓ 日本\"");  // UTF-8 as it is
}

TEST(JsonString, RandomTextReadsBackAsItWas) {
  std::mt19937 random(7);
  const std::vector<std::string> pieces = {"a", "Z", " ", "9", "\"", "\\", "\n", "\r", "\t", "\x01", "\x1f", "ü", "✓"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = static_cast<int>(random() % 70); i > 0; --i) text += pieces[random() % pieces.size()];
    const std::string json = written(text);
    const Json back = Json::parse(json, nullptr, false);
    ASSERT_TRUE(back.is_string()) << json;
    EXPECT_EQ(back.get<std::string>(), text) << json;
  }
}
