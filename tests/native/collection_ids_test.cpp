// Binding to a server by names: the server's generated collection and field ids are learned from
// its records and schemas, kept beside the replica's own, and what records carry afterwards.
#include "sync_fixtures.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

// The notes schema as a deployed server has it: generated ids for the same names.
Json deployed_schema() {
  Json schema = sync_schema();
  schema[0]["id"] = "pbc_111";
  schema[1]["id"] = "pbc_222";
  for (auto& c : schema)
    for (auto& f : c["fields"]) {
      f["id"] = "gen_" + f["id"].get<std::string>();
      if (f.contains("collectionId")) f["collectionId"] = "pbc_111";
    }
  return schema;
}

Json deployed_note(const std::string& id, const std::string& title, int second) {
  Json note = server_note(id, title, second);
  note["collectionId"] = "pbc_111";
  return note;
}

}  // namespace

TEST_F(SyncTest, LearnsTheServersCollectionIdFromItsRecords) {
  const Json summary = apply(Json::array({deployed_note("aaaaaaaaaaaaaa1", "one", 10)}));
  EXPECT_EQ(outcomes(summary), "c");
  // The record reads back as the server has it, and the id finds the collection.
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("collectionId"), "pbc_111");
  EXPECT_TRUE(engine->get_one("pbc_111", "aaaaaaaaaaaaaa1").ok());
  EXPECT_TRUE(engine->get_one("pbc_notes", "aaaaaaaaaaaaaa1").ok());
  // Kept across a reopen, and across the app applying its own schema again.
  engine.reset();
  engine = open_engine();
  apply_schema_ok(*engine, sync_schema());
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("collectionId"), "pbc_111");
  // Relations and cascades still resolve (the comment's relation names the local id).
  expect_ok(engine->upsert("comments", R"([{"id": "cccccccccccccc1", "note": "aaaaaaaaaaaaaa1",
      "text": "hi", "updated": "2026-11-22 10:00:11.000Z"}])",
                           "{}"));
  const Json list = Json::parse(expect_ok(engine->get_list("comments", R"({"filter": "note.title = 'one'"})")));
  EXPECT_EQ(list.at("totalItems"), 1);
}

TEST_F(SyncTest, ARecordOfAnotherCollectionIsStillRefused) {
  Json other = deployed_note("aaaaaaaaaaaaaa1", "one", 10);
  other["collectionName"] = "comments";
  const Json summary = apply(Json::array({other}));
  EXPECT_EQ(outcomes(summary), "f");
  EXPECT_NE(summary.at("failed")[0].at("error").at("message").get<std::string>().find("comments"), std::string::npos);
  // Named by an unknown id alone, it is refused too.
  Json by_id = server_note("aaaaaaaaaaaaaa2", "two", 10);
  by_id.erase("collectionName");
  by_id["collectionId"] = "pbc_999";
  EXPECT_EQ(outcomes(apply(Json::array({by_id}))), "f");
}

TEST_F(SyncTest, AServerSchemaBindsByNameAndKeepsTheData) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  const Json summary =
      Json::parse(expect_ok(engine->apply_schema(deployed_schema().dump(), R"({"dropMissing": true})")));
  // Same names and types: nothing to migrate, nothing dropped, and the server's ids are learned.
  EXPECT_TRUE(summary.at("dropped").empty()) << summary.dump();
  EXPECT_TRUE(summary.at("migrated").empty()) << summary.dump();
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "one");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("collectionId"), "pbc_111");
  for (const auto& c : Json::parse(expect_ok(engine->collections())))
    if (c.value("name", "") == "comments") {
      EXPECT_EQ(c["fields"][0].value("collectionId", ""), "pbc_notes");  // comments.note: the local id
    }
}

TEST_F(SyncTest, ReportsFieldsTheReplicaLacks) {
  Json drifted = server_note("aaaaaaaaaaaaaa1", "one", 10);
  drifted["mood"] = "happy";
  drifted["expand"] = Json::object();
  EXPECT_EQ(apply(Json::array({drifted})).at("unknownFields"), Json::array({"mood"}));
  EXPECT_EQ(apply(Json::array({server_note("aaaaaaaaaaaaaa2", "two", 10)})).at("unknownFields"), Json::array());
}

TEST_F(SyncTest, AGainedFieldPullsTheCollectionAgain) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}), {{"advanceCursor", true}, {"syncedAt", 5}});
  Json schema = sync_schema();
  schema[0]["fields"].push_back({{"id", "f_mood"}, {"name", "mood"}, {"type", "text"}});
  apply_schema_ok(*engine, schema);
  const Json cursor = Json::parse(expect_ok(engine->cursors())).at("notes");
  EXPECT_FALSE(cursor.contains("updated")) << cursor.dump();
  EXPECT_EQ(cursor.at("syncedAt"), 5);
  // The same version again, now with the field's value: applied, not skipped as a duplicate.
  Json again = server_note("aaaaaaaaaaaaaa1", "one", 10);
  again["mood"] = "happy";
  EXPECT_EQ(outcomes(apply(Json::array({again}))), "u");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("mood"), "happy");
}
