// What live queries and change listeners build on: which collections a query reads (SQLite's
// authorizer) and what each committed call did (the effects, from SQLite's preupdate hook).
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

class LiveChangesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    Json other = every_type_collection();
    other["id"] = "pbc_2", other["name"] = "others";
    other["fields"].push_back(
        {{"id", "f_thing"}, {"name", "thing"}, {"type", "relation"}, {"collectionId", "pbc_1000"}, {"maxSelect", 1}});
    apply_schema_ok(*engine, Json::array({every_type_collection(), other}));
    engine->take_effects();
  }
  Json effects() { return Json::parse(engine->take_effects()); }
  Json changes() { return effects()["tables"]; }
  Json tables(const std::string& collection, const Json& options) {
    return Json::parse(expect_ok(engine->tables_read(collection, options.dump())));
  }
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(LiveChangesTest, LearnsTheCollectionsAQueryReads) {
  EXPECT_EQ(tables("others", Json::object()), Json::array({"others"}));
  EXPECT_EQ(tables("others", {{"filter", "thing.title = 'x'"}}), Json::array({"others", "things"}));
  EXPECT_EQ(tables("things", {{"filter", "count > 1"}, {"sort", "-title"}}), Json::array({"things"}));
}

TEST_F(LiveChangesTest, AnExpandReadsTheCollectionsItReaches) {
  EXPECT_EQ(tables("others", {{"expand", "thing"}}), Json::array({"others", "things"}));
  // Back-relations and nested paths: things <- others.thing, then others.thing again.
  EXPECT_EQ(tables("things", {{"expand", "others_via_thing"}}), Json::array({"others", "things"}));
  EXPECT_EQ(tables("others", {{"expand", "thing.others_via_thing"}}), Json::array({"others", "things"}));
  EXPECT_EQ(tables("others", {{"expand", "nothing,thing.nope"}}), Json::array({"others", "things"}));
}

TEST_F(LiveChangesTest, ARollupReadsItsSourceCollection) {
  EXPECT_EQ(tables("", {{"rollup", "per-kind"}}), Json::array());  // not registered yet
  ASSERT_TRUE(
      engine->define_rollup("things", R"({"name":"per-kind","groupBy":["kind"],"measures":[{"op":"count"}]})").ok());
  EXPECT_EQ(tables("", {{"rollup", "per-kind"}}), Json::array({"things"}));
}

TEST_F(LiveChangesTest, ReportsCommittedChangesOncePerCall) {
  Json page = Json::array();
  for (int i = 0; i < 1000; ++i) page.push_back(every_type_record("many" + std::to_string(100000000000 + i)));
  expect_ok(engine->upsert("things", page.dump(), ""));
  EXPECT_EQ(changes(), Json::array({"things"}));
  EXPECT_EQ(changes(), Json::array());  // taken
  expect_ok(engine->local_delete("things", "many100000000000"));
  EXPECT_EQ(changes(), Json::array({"@outbox", "things"}));  // a local write queues for the server
}

TEST_F(LiveChangesTest, ForgetsRolledBackTransactions) {
  native_store::set_quota(native_store::file_size("test.db") + 4096);
  Json page = Json::array();
  for (int i = 0; i < 2000; ++i) page.push_back(every_type_record("fail" + std::to_string(100000000000 + i)));
  EXPECT_FALSE(engine->upsert("things", page.dump(), "").ok());
  native_store::set_quota(-1);
  EXPECT_EQ(changes(), Json::array());
  EXPECT_TRUE(engine->get_one("things", "fail100000000000").error().status == 404);
}

TEST_F(LiveChangesTest, SearchIndexesAndSchemaChangesCountAsChangesOfTheirCollection) {
  ASSERT_TRUE(engine->define_search("things", R"(["title"])").ok());
  EXPECT_EQ(changes(), Json::array());  // the FTS tables are internal
  expect_ok(engine->upsert("things", every_type_record().dump(), ""));
  EXPECT_EQ(changes(), Json::array({"things"}));
  Json def = every_type_collection();
  def["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(changes(), Json::array({"others", "things"}));  // things migrated, others dropped
}

TEST_F(LiveChangesTest, ReportsEachRecordCreatedUpdatedOrDeletedOnceWithItsValue) {
  engine->set_effect_detail(EffectDetail::Values);
  Json record = every_type_record("rec000000000001");
  expect_ok(engine->upsert("things", record.dump(), ""));
  Json e = effects();
  ASSERT_EQ(e["records"].size(), 1u);
  EXPECT_EQ(e["records"][0]["action"], "created");
  EXPECT_EQ(e["records"][0]["record"], Json::parse(expect_ok(engine->get_one("things", "rec000000000001"))));
  expect_ok(engine->upsert("things", record.dump(), ""));  // the same version again: nothing happened
  EXPECT_EQ(effects(), Json::parse(R"({"tables": [], "records": []})"));
  record["title"] = "changed", record["updated"] = "2027-01-01 00:00:00.000Z";
  expect_ok(engine->upsert("things", record.dump(), ""));
  e = effects();
  EXPECT_EQ(e["records"][0]["action"], "updated");
  EXPECT_EQ(e["records"][0]["record"]["title"], "changed");
  const Json last = Json::parse(expect_ok(engine->get_one("things", "rec000000000001")));
  expect_ok(engine->local_delete("things", "rec000000000001"));
  e = effects();
  EXPECT_EQ(e["tables"], Json::array({"@outbox", "things"}));
  ASSERT_EQ(e["records"].size(), 1u);
  EXPECT_EQ(e["records"][0]["action"], "deleted");
  EXPECT_EQ(e["records"][0]["record"], last);  // its last value, for listeners
}

TEST_F(LiveChangesTest, ReportsRecordsOnlyAsFarAsAskedFor) {
  expect_ok(engine->upsert("things", every_type_record("rec000000000002").dump(), ""));
  EXPECT_EQ(effects(), Json::parse(R"({"tables": ["things"], "records": []})"));  // live queries need no more
  engine->set_effect_detail(EffectDetail::Ids);
  expect_ok(engine->local_delete("things", "rec000000000002"));
  EXPECT_EQ(effects()["records"],
            Json::parse(R"([{"collection": "things", "id": "rec000000000002", "action": "deleted"}])"));
}

TEST_F(LiveChangesTest, ACreateUndoneInTheSameCallIsNoEffect) {
  engine->set_effect_detail(EffectDetail::Values);
  expect_ok(engine->create("things", R"({"id": "rec000000000003", "title": "brief"})", ""));
  effects();
  // The outbox drops a create it never sent when the record is deleted: nothing reaches the server,
  // and the listeners hear of the delete.
  expect_ok(engine->local_delete("things", "rec000000000003"));
  const Json e = effects();
  ASSERT_EQ(e["records"].size(), 1u);
  EXPECT_EQ(e["records"][0]["action"], "deleted");
  EXPECT_EQ(e["records"][0]["record"]["title"], "brief");
}
