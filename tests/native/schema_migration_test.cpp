#include <map>

#include "db/schema_store.h"
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

class SchemaMigrationTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({every_type_collection()}));
    expect_ok(engine->upsert("things", every_type_record().dump(), ""));
  }
  Json record() { return Json::parse(expect_ok(engine->get_one("things", "abcdefghijklmno"))); }
  Json field_named(Json& def, const std::string& name) {
    for (auto& f : def["fields"])
      if (f["name"] == name) return f;
    return Json();
  }
  void set_field(Json& def, const std::string& name, const Json& value) {
    for (auto& f : def["fields"])
      if (f["name"] == name) f = value;
  }
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(SchemaMigrationTest, UnchangedSchemaIsANoOp) {
  const Json summary = apply_schema_ok(*engine, Json::array({every_type_collection()}));
  EXPECT_EQ(summary["unchanged"], Json::array({"things"}));
  EXPECT_EQ(record(), every_type_record());
}

// The same schema text as the last one applied is answered from what that apply remembered; any
// other text (an earlier one included) is compared and applied in full.
TEST_F(SchemaMigrationTest, TheLastSchemaTextAppliedAgainChangesNothing) {
  Json added = every_type_collection();
  added["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  EXPECT_EQ(apply_schema_ok(*engine, Json::array({added}))["migrated"][0]["added"], Json::array({"rating"}));
  const Json again = apply_schema_ok(*engine, Json::array({added}));
  EXPECT_EQ(again["unchanged"], Json::array({"things"}));
  EXPECT_TRUE(again["migrated"].empty() && again["created"].empty() && again["dropped"].empty());
  // Back to the first text: not the last applied, so it migrates back.
  EXPECT_EQ(apply_schema_ok(*engine, Json::array({every_type_collection()}))["migrated"][0]["removed"],
            Json::array({"rating"}));
  EXPECT_EQ(record(), every_type_record());
  // Other options are another input: applied in full (and with dropMissing off nothing is dropped).
  const std::string text = Json::array({every_type_collection()}).dump();
  const Json kept = Json::parse(expect_ok(engine->apply_schema(text, R"({"dropMissing":false})")));
  EXPECT_EQ(kept["unchanged"], Json::array({"things"}));
  // A refused schema changes nothing and is not remembered.
  EXPECT_FALSE(engine->apply_schema("[{\"name\": 5}]", "").ok());
  EXPECT_EQ(Json::parse(expect_ok(engine->apply_schema(text, R"({"dropMissing":false})")))["unchanged"],
            Json::array({"things"}));
}

// Collections created by an apply are listed as unchanged when the same text is applied again.
TEST_F(EngineTest, ASchemaAppliedAgainListsWhatItCreatedAsUnchanged) {
  auto engine = open_engine();
  const Json schema = Json::array({every_type_collection()});
  EXPECT_EQ(apply_schema_ok(*engine, schema)["created"], Json::array({"things"}));
  const Json again = apply_schema_ok(*engine, schema);
  EXPECT_EQ(again["unchanged"], Json::array({"things"}));
  EXPECT_TRUE(again["created"].empty());
}

TEST_F(SchemaMigrationTest, AddsAFieldKeepingEveryOtherColumn) {
  Json def = every_type_collection();
  def["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  const Json summary = apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(summary["migrated"][0]["added"], Json::array({"rating"}));
  Json expected = every_type_record();
  expected["rating"] = 0;
  EXPECT_EQ(record(), expected);
}

TEST_F(SchemaMigrationTest, RemovesAField) {
  Json def = every_type_collection();
  auto& fields = def["fields"];
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i]["name"] == "body") fields.erase(i);
  EXPECT_EQ(apply_schema_ok(*engine, Json::array({def}))["migrated"][0]["removed"], Json::array({"body"}));
  Json expected = every_type_record();
  expected.erase("body");
  EXPECT_EQ(record(), expected);
}

TEST_F(SchemaMigrationTest, RenameByIdKeepsTheData) {
  Json def = every_type_collection();
  Json f = field_named(def, "title");
  f["name"] = "headline";
  set_field(def, "title", f);
  const Json summary = apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(summary["migrated"][0]["renamed"][0], Json::array({"title", "headline"}));
  const Json back = record();
  EXPECT_EQ(back["headline"], "hello");
  EXPECT_FALSE(back.contains("title"));
  EXPECT_EQ(back["count"], 12.5);
}

TEST_F(SchemaMigrationTest, TypeChangesConvertValues) {
  Json def = every_type_collection();
  Json owner = field_named(def, "owner");
  owner["maxSelect"] = 3;  // single relation becomes multiple
  set_field(def, "owner", owner);
  Json tags = field_named(def, "tags");
  tags["maxSelect"] = 1;  // multiple select becomes single: PocketBase keeps the last value
  set_field(def, "tags", tags);
  Json count = field_named(def, "count");
  count["type"] = "text";
  set_field(def, "count", count);
  const Json summary = apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(summary["migrated"][0]["retyped"].size(), 3u);
  const Json back = record();
  EXPECT_EQ(back["owner"], Json::array({"user00000000001"}));
  EXPECT_EQ(back["tags"], "z");
  EXPECT_EQ(back["count"], "12.5");
  EXPECT_EQ(back["title"], "hello");
}

TEST_F(SchemaMigrationTest, RenamedCollectionKeepsItsRows) {
  Json def = every_type_collection();
  def["name"] = "items";
  const Json summary = apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(summary["migrated"][0]["renamedFrom"], "things");
  EXPECT_EQ(expect_ok(engine->count("items")), "1");
  EXPECT_EQ(engine->count("things").error().code, "unknown_collection");
}

TEST_F(SchemaMigrationTest, DropsCollectionsTheServerNoLongerHasUnlessAskedNotTo) {
  Json other = every_type_collection();
  other["id"] = "pbc_2000";
  other["name"] = "others";
  EXPECT_EQ(
      Json::parse(expect_ok(engine->apply_schema(Json::array({other}).dump(), R"({"dropMissing":false})")))["created"],
      Json::array({"others"}));
  EXPECT_EQ(expect_ok(engine->count("things")), "1");
  const Json summary = apply_schema_ok(*engine, Json::array({other}));
  EXPECT_EQ(summary["dropped"], Json::array({"things"}));
}

TEST_F(SchemaMigrationTest, SkipsInternalCollectionsAndWarnsAboutUnsupportedIndexes) {
  Json def = every_type_collection();
  def["indexes"].push_back("CREATE INDEX idx_expr ON things (lower(title))");
  Json supers = Json::parse(R"({"id":"pbc_3142635823","name":"_superusers","type":"auth","system":true,"fields":[]})");
  const Json summary = apply_schema_ok(*engine, Json::array({def, supers}));
  EXPECT_EQ(summary["skipped"], Json::array({"_superusers"}));
  ASSERT_EQ(summary["warnings"].size(), 1u);
  EXPECT_NE(summary["warnings"][0].get<std::string>().find("lower(title)"), std::string::npos);
}

TEST_F(SchemaMigrationTest, AFailedSchemaChangesNothing) {
  Json good = every_type_collection();
  good["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  Json bad = every_type_collection();
  bad["id"] = "pbc_9";
  bad["name"] = "broken";
  bad["fields"][2]["type"] = "nope";
  EXPECT_FALSE(engine->apply_schema(Json::array({good, bad}).dump(), "").ok());
  EXPECT_EQ(record(), every_type_record());  // no "rating" column was added
  EXPECT_EQ(engine->count("broken").error().code, "unknown_collection");
}

TEST_F(SchemaMigrationTest, SchemaSurvivesReopen) {
  engine.reset();
  engine = open_engine();
  EXPECT_EQ(record(), every_type_record());
  EXPECT_EQ(Json::parse(expect_ok(engine->collections()))[0]["name"], "things");
}

TEST(SchemaIndexes, AnIndexLeadingAnotherIsNotBuiltTwice) {
  auto db = expect_ok(Database::open(":memory:", nullptr));
  ASSERT_TRUE(init_metadata(db).ok());
  Json def = every_type_collection();
  def["indexes"] = Json::array({"CREATE INDEX a ON things (title)", "CREATE UNIQUE INDEX b ON things (title, count)",
                                "CREATE INDEX c ON things (count COLLATE NOCASE)", "CREATE INDEX d ON things (count)",
                                "CREATE INDEX e ON things (title DESC, count)"});
  ASSERT_TRUE(apply_schema(db, expect_ok(parse_schema(Json::array({def}))), ApplyOptions{}).ok());
  auto st =
      expect_ok(db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'things' "
                           "AND sql IS NOT NULL ORDER BY name"));
  std::vector<std::string> built;
  while (expect_ok(st.step())) built.emplace_back(st.column_text(0));
  // (title) leads (title, count); (title DESC, count) repeats it; another collation is another index.
  EXPECT_EQ(built, (std::vector<std::string>{
                       R"(CREATE INDEX "_pl_idx_things_1" ON "things" ("title", "count"))",
                       R"(CREATE INDEX "_pl_idx_things_2" ON "things" ("count" COLLATE NOCASE))",
                       R"(CREATE INDEX "_pl_idx_things_3" ON "things" ("count"))",
                   }));
}

// Building an index reads the whole table: a schema that adds one (an app's local index) builds
// only that one, keeps the unchanged ones as they are (same B-tree root), and drops what went.
TEST(SchemaIndexes, AChangedIndexListRebuildsOnlyWhatChanged) {
  auto db = expect_ok(Database::open(":memory:", nullptr));
  ASSERT_TRUE(init_metadata(db).ok());
  const auto apply = [&](Json indexes) {
    Json def = every_type_collection();
    def["indexes"] = std::move(indexes);
    ASSERT_TRUE(apply_schema(db, expect_ok(parse_schema(Json::array({def}))), ApplyOptions{}).ok());
  };
  const auto roots = [&] {
    auto st =
        expect_ok(db.prepare("SELECT name, sql, rootpage FROM sqlite_schema WHERE type = 'index' "
                             "AND tbl_name = 'things' AND sql IS NOT NULL ORDER BY name"));
    std::map<std::string, std::pair<std::string, std::int64_t>> out;
    while (expect_ok(st.step()))
      out[std::string(st.column_text(0))] = {std::string(st.column_text(1)), st.column_int(2)};
    return out;
  };
  apply(Json::array({"CREATE INDEX a ON things (title)", "CREATE INDEX b ON things (count)"}));
  const auto before = roots();
  ASSERT_EQ(before.size(), 2u);
  apply(Json::array({"CREATE INDEX a ON things (title)", "CREATE INDEX b ON things (count)",
                     "CREATE INDEX c ON things (due, count)"}));
  auto after = roots();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after.at("_pl_idx_things_0"), before.at("_pl_idx_things_0"));
  EXPECT_EQ(after.at("_pl_idx_things_1"), before.at("_pl_idx_things_1"));
  EXPECT_EQ(after.at("_pl_idx_things_2").first, R"(CREATE INDEX "_pl_idx_things_2" ON "things" ("due", "count"))");
  // One dropped, one changed in place: the rest untouched, the changed one rebuilt with its new columns.
  apply(Json::array({"CREATE INDEX a ON things (title)", "CREATE INDEX b ON things (count DESC)"}));
  after = roots();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after.at("_pl_idx_things_0"), before.at("_pl_idx_things_0"));
  EXPECT_EQ(after.at("_pl_idx_things_1").first, R"(CREATE INDEX "_pl_idx_things_1" ON "things" ("count" DESC))");
}
