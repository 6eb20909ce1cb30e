// Error messages are always text: UTF-8 checked and repaired in one place (core/utf8.h), so no
// input quoted back in a message can abort the wasm instance's JSON dump.
#include "core/error.h"

#include "core/utf8.h"
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

TEST(Utf8, AcceptsWellFormedTextAndRejectsWhatTheJsonWriterRejects) {
  EXPECT_TRUE(
      is_valid_utf8("plain, t\xC3\xADtle, \xE2\x80\x9C"
                    "curly\xE2\x80\x9D, \xF0\x9F\x98\x80"));
  for (const char* bad : {"\xC3", "\x80", "\xC0\xAF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5\x80"})
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
  EXPECT_EQ(repair_utf8("t\xC3"), "t\xEF\xBF\xBD");
  EXPECT_EQ(repair_utf8("ok \xE2\x80\x9C"), "ok \xE2\x80\x9C");
}

TEST(Utf8, ErrorsRepairTheInputTheyQuote) {
  const Error e = bad_request("invalid_json", "near 't\xC3'");
  EXPECT_TRUE(is_valid_utf8(e.message));
  EXPECT_NE(e.to_json().dump().find("\xEF\xBF\xBD"), std::string::npos);
}

TEST_F(EngineTest, AJsonErrorQuotingPartOfACharacterIsText) {
  auto engine = open_engine();
  apply_schema_ok(*engine,
                  Json::parse(R"([{"id":"c1","name":"notes","fields":[{"id":"t","name":"title","type":"text"}]}])"));
  const auto created = engine->create("notes", "t\xC3\xADtle = \"x\"", "");
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "invalid_json");
  EXPECT_TRUE(is_valid_utf8(created.error().message)) << created.error().message;
}
