#include "core/json_parse.h"

#include <gtest/gtest.h>

using pocketlite::parse_json;

TEST(JsonParse, ParsesValidJson) {
  auto parsed = parse_json(R"({"a":[1,2]})", "records");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value()["a"][1], 2);
}

TEST(JsonParse, ReportsWhatAndWhere) {
  auto parsed = parse_json(R"([{"id":"a"},{"id":])", "records");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "invalid_json");
  EXPECT_EQ(parsed.error().status, 400);
  EXPECT_NE(parsed.error().message.find("records is not valid JSON (at byte 19)"), std::string::npos)
      << parsed.error().message;
  EXPECT_EQ(parsed.error().data["position"], 19);
}
