#include "core/json_scan.h"

#include <gtest/gtest.h>

using namespace pocketlite;

namespace {

Result<JsonSpan> scan(std::string_view text) {
  JsonScanner scanner(text);
  auto value = scanner.value();
  if (value.ok()) PL_TRY(scanner.finish());
  return value;
}

}  // namespace

TEST(JsonScan, ScansEveryKindAsASpanOfTheInput) {
  EXPECT_EQ(scan(" null ").value().kind, JsonSpan::Null);
  EXPECT_EQ(scan("true").value().kind, JsonSpan::True);
  EXPECT_EQ(scan("-12").value().integer, true);
  EXPECT_EQ(scan("1.5e-3").value().integer, false);
  EXPECT_EQ(scan("1.5e-3").value().raw, "1.5e-3");
  const auto object = scan(R"({"a": [1, {"b": "c"}], "d": {}})").value();
  EXPECT_EQ(object.kind, JsonSpan::Object);
  EXPECT_EQ(object.raw, R"({"a": [1, {"b": "c"}], "d": {}})");
}

TEST(JsonScan, CollectsTopLevelMembersWithDecodedKeys) {
  JsonScanner scanner(R"({"id": "x", "k\u00e9y": [1], "n": 2})");
  std::vector<JsonMember> members;
  ASSERT_TRUE(scanner.object_members(members).ok());
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].key, "k\xc3\xa9y");
  EXPECT_EQ(members[1].value.raw, "[1]");
}

TEST(JsonScan, DecodesEscapesAndSurrogatePairs) {
  const auto span = scan(R"("a\"b\\c\n\u00fc\ud83d\ude00\/")").value();
  EXPECT_TRUE(span.escaped);
  EXPECT_EQ(decode_json_string(span), "a\"b\\c\n\xc3\xbc\xf0\x9f\x98\x80/");
  EXPECT_EQ(decode_json_string(scan(R"("\ud800x")").value()), "\xef\xbf\xbdx");  // lone surrogate
}

TEST(JsonScan, RejectsMalformedInputWithThePosition) {
  for (const char* bad : {"", "[1,]", "{\"a\" 1}", "\"open", "01", "1.", "-", "tru", "[1] x", "\"\t\"", "\"\\q\"",
                          "\"\\u12g4\"", "{\"a\":1,}", "\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\""}) {
    auto result = scan(bad);
    EXPECT_FALSE(result.ok()) << bad;
    if (!result.ok()) {
      EXPECT_EQ(result.error().code, "invalid_json");
    }
  }
  auto error = scan("[1, 2, ?]").error();
  EXPECT_NE(error.message.find("at byte 7"), std::string::npos) << error.message;
}

TEST(JsonScan, RefusesNestingThatWouldExhaustTheStack) {
  EXPECT_FALSE(scan(std::string(100000, '[')).ok());
  EXPECT_TRUE(scan(std::string(200, '[') + std::string(200, ']')).ok());
}

TEST(JsonScan, VisitsArrayElements) {
  std::vector<std::string> seen;
  auto status = for_each_element(scan(R"(["a", "b\n"])").value(), [&](const JsonSpan& e) -> Status {
    seen.push_back(decode_json_string(e));
    return Ok{};
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b\n"}));
}
