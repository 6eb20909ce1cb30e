#include "db/schema.h"

#include "test_support.h"

using namespace pocketlite;
using pocketlite::test::every_type_collection;

TEST(Schema, ParsesEveryFieldType) {
  auto c = parse_collection(every_type_collection());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.value().fields.size(), 18u);  // id is implicit
  EXPECT_TRUE(c.value().find_field("tags")->multi);
  EXPECT_FALSE(c.value().find_field("kind")->multi);
  EXPECT_FALSE(c.value().find_field("secret")->stored());
  EXPECT_EQ(c.value().stored_fields().size(), 17u);
}

TEST(Schema, NamesTheBadFieldByPath) {
  Json def = every_type_collection();
  def["fields"][3]["type"] = "hologram";
  auto c = parse_collection(def);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "invalid_schema");
  EXPECT_EQ(c.error().data["fields"]["3"]["type"]["code"], "validation_invalid_value");
  EXPECT_NE(c.error().message.find("hologram"), std::string::npos);
}

TEST(Schema, RefusesNamesThatCouldCarrySql) {
  Json def = every_type_collection();
  def["name"] = "things\"; DROP TABLE x; --";
  EXPECT_EQ(parse_collection(def).error().data["name"]["code"], "validation_invalid_format");
  def = every_type_collection();
  def["fields"][1]["name"] = "a b";
  EXPECT_FALSE(parse_collection(def).ok());
  def = every_type_collection();
  def["name"] = "_pl_meta";
  EXPECT_FALSE(parse_collection(def).ok());
}

TEST(Schema, AcceptsTheListEnvelopeAndReportsTheCollectionIndex) {
  Json bad = every_type_collection();
  bad.erase("fields");
  auto schema = parse_schema(Json{{"items", {every_type_collection(), bad}}});
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.error().message.find("(collection 1)"), std::string::npos);
  EXPECT_TRUE(schema.error().data.contains("1"));
}

TEST(Schema, KeepsOnlyDataDescribingKeys) {
  Json def = every_type_collection();
  def["created"] = "2026-01-01 00:00:00.000Z";
  def["authToken"] = {{"secret", "do-not-store"}, {"duration", 1}};
  def["createRule"] = nullptr;  // superusers only: kept, the replica checks rules on local writes
  auto c = parse_collection(def);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c.value().definition.contains("authToken"));
  EXPECT_FALSE(c.value().definition.contains("created"));
  EXPECT_EQ(c.value().definition["listRule"], "");
  EXPECT_TRUE(c.value().definition["createRule"].is_null());
}
