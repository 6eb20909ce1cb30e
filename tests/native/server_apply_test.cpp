// Server pages and events into the replica: idempotent, newest wins, pending local fields kept.
#include "sync_fixtures.h"

using namespace pocketlite;
using namespace pocketlite::test;

TEST_F(SyncTest, AppliesOnlyNewerVersions) {
  EXPECT_EQ(outcomes(apply(
                Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 10)}))),
            "cc");
  const Json page = Json::array({server_note("aaaaaaaaaaaaaa1", "one v2", 11), server_note("aaaaaaaaaaaaaa2", "old", 9),
                                 server_note("aaaaaaaaaaaaaa2", "two", 10)});
  EXPECT_EQ(outcomes(apply(page)), "uds");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "one v2");
  EXPECT_EQ(note("aaaaaaaaaaaaaa2").at("title"), "two");
}

TEST_F(SyncTest, AnEqualVersionWithOtherContentIsNewer) {
  // A batch created and updated the record in one millisecond: both versions carry one stamp.
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "created", 10)}));
  EXPECT_EQ(outcomes(apply(Json::array({server_note("aaaaaaaaaaaaaa1", "updated", 10)}))), "u");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "updated");
  EXPECT_EQ(outcomes(apply(Json::array({server_note("aaaaaaaaaaaaaa1", "updated", 10)}))), "d");
  // The same under a pending local edit: the base moves, the local field stays.
  update("aaaaaaaaaaaaaa1", {{"body", "local"}});
  EXPECT_EQ(outcomes(apply(Json::array({server_note("aaaaaaaaaaaaaa1", "again", 10)}))), "m");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "again");
}

TEST_F(SyncTest, SavesTheCursorWithThePage) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}), {{"advanceCursor", true}});
  EXPECT_EQ(Json::parse(expect_ok(engine->cursors())).at("notes").at("id"), "aaaaaaaaaaaaaa1");
  // A page that fails as a whole (malformed JSON) leaves the old cursor and no rows.
  auto bad = engine->upsert("notes", R"([{"id": "bbbbbbbbbbbbbb1", "title": "x"},)", R"({"advanceCursor": true})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("at byte"), std::string::npos) << bad.error().message;
  EXPECT_EQ(Json::parse(expect_ok(engine->cursors())).at("notes").at("id"), "aaaaaaaaaaaaaa1");
  EXPECT_TRUE(note("bbbbbbbbbbbbbb1").is_null());
}

TEST_F(SyncTest, ReportsBadRecordsAndAppliesTheRest) {
  Json bad = server_note("aaaaaaaaaaaaaa2", "two", 10);
  bad["stars"] = "many";
  const Json summary = apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), bad, 42}));
  EXPECT_EQ(outcomes(summary), "cff");
  EXPECT_EQ(summary.at("failed")[0].at("id"), "aaaaaaaaaaaaaa2");
  EXPECT_TRUE(summary.at("failed")[0].at("error").at("data").contains("stars"));
  EXPECT_EQ(summary.at("failed")[1].at("index"), 2);
  EXPECT_FALSE(note("aaaaaaaaaaaaaa1").is_null());
}

TEST_F(SyncTest, KeepsPendingLocalFieldsAndReportsConflicts) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10, 1)}));
  update("aaaaaaaaaaaaaa1", {{"title", "local"}});
  // The server changed both the title (conflict) and stars (untouched locally: taken).
  const Json summary = apply(Json::array({server_note("aaaaaaaaaaaaaa1", "server", 12, 5)}));
  EXPECT_EQ(outcomes(summary), "m");
  ASSERT_EQ(summary.at("conflicts").size(), 1u);
  EXPECT_EQ(summary.at("conflicts")[0].at("field"), "title");
  EXPECT_EQ(summary.at("conflicts")[0].at("base"), "one");
  EXPECT_EQ(summary.at("conflicts")[0].at("server"), "server");
  EXPECT_EQ(summary.at("conflicts")[0].at("local"), "local");
  const Json now = note("aaaaaaaaaaaaaa1");
  EXPECT_EQ(now.at("title"), "local");
  EXPECT_EQ(now.at("stars"), 5);
  // The same server version again is a duplicate of the new base.
  EXPECT_EQ(outcomes(apply(Json::array({server_note("aaaaaaaaaaaaaa1", "server", 12, 5)}))), "d");
}

TEST_F(SyncTest, ALocallyDeletedRecordIsNotResurrectedByAPull) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));
  EXPECT_EQ(outcomes(apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one v2", 11)}))), "m");
  EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null());
}

TEST_F(SyncTest, ServerDeletesWinOverQueuedLocalChanges) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "local"}});
  const Json summary = Json::parse(
      expect_ok(engine->apply_server_deletes("notes", R"(["aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2", "zzzzzzzzzzzzzz9"])")));
  EXPECT_EQ(outcomes(summary), "xxa");
  EXPECT_EQ(summary.at("dropped").size(), 1u);
  EXPECT_TRUE(outbox("list").empty());
  EXPECT_TRUE(states().empty());
  EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null());
}

TEST_F(SyncTest, AServerDeleteOfAnOlderVersionKeepsARecreatedRecord) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "recreated", 30), server_note("aaaaaaaaaaaaaa2", "two", 10)}));
  // Deletes of the versions at :20 (before the re-creation at :30) and :10 (the version held).
  const Json result = Json::parse(expect_ok(
      engine->apply_server_deletes("notes", R"([{"id": "aaaaaaaaaaaaaa1", "version": "2026-11-22 10:00:20.000Z"},
                   {"id": "aaaaaaaaaaaaaa2", "version": "2026-11-22 10:00:10.000Z"}])")));
  EXPECT_EQ(outcomes(result), "xn");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "recreated");
  EXPECT_TRUE(note("aaaaaaaaaaaaaa2").is_null());
  // Under a pending local edit the server version it was based on decides, not the row's local
  // stamp (the fixture's clock, days before both versions).
  apply(Json::array({server_note("aaaaaaaaaaaaaa3", "three", 30)}));
  update("aaaaaaaaaaaaaa3", {{"title", "local"}});
  const Json pending = Json::parse(expect_ok(
      engine->apply_server_deletes("notes", R"([{"id": "aaaaaaaaaaaaaa3", "version": "2026-11-22 10:00:20.000Z"}])")));
  EXPECT_EQ(outcomes(pending), "n");
  EXPECT_EQ(note("aaaaaaaaaaaaaa3").at("title"), "local");
  EXPECT_FALSE(engine->apply_server_deletes("notes", R"([{"version": "x"}])").ok());
}

TEST_F(SyncTest, AServerDeleteNeverRemovesALocalCreateTheServerHasNotConfirmed) {
  // The user deleted the record (acknowledged) and created its id again; the tombstone of the old
  // incarnation arrives afterwards, with or without a version.
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "old", 10)}));
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));
  const Json sends = outbox("take");
  outbox("ack", {{"seqs", sends[0].at("seqs")}});
  create({{"id", "aaaaaaaaaaaaaa1"}, {"title", "again"}});
  const Json result = Json::parse(expect_ok(engine->apply_server_deletes(
      "notes", R"([{"id": "aaaaaaaaaaaaaa1", "version": "2026-11-22 10:00:10.000Z"}, {"id": "aaaaaaaaaaaaaa1"}])")));
  EXPECT_EQ(outcomes(result), "nn");
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "again");
  const Json queued = outbox("list");
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].at("op"), "create");
}

TEST_F(SyncTest, ServerDeletesCascadeToChildren) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  expect_ok(engine->upsert("comments",
                           R"([{"id": "ccccccccccccc01", "note": "aaaaaaaaaaaaaa1", "text": "hi",
                                      "updated": "2026-11-22 10:00:10.000Z"}])",
                           "{}"));
  expect_ok(engine->apply_server_deletes("notes", R"(["aaaaaaaaaaaaaa1"])"));
  EXPECT_FALSE(engine->get_one("comments", "ccccccccccccc01").ok());
}

TEST_F(SyncTest, ServerVersionsAreWhatTheServerLastShowed) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 20),
                     server_note("aaaaaaaaaaaaaa3", "three", 30)}));
  auto versions = [&](const Json& options) {
    return Json::parse(expect_ok(engine->server_versions("notes", options.dump())));
  };
  // A local create never sent is not the server's; a local edit counts at its server version; a
  // local delete not yet sent is still the server's.
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  update("aaaaaaaaaaaaaa1", {{"title", "edited"}});
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa2"));
  const Json all = versions({{"ids", true}});
  EXPECT_EQ(all.at("count"), 3);
  EXPECT_EQ(all.at("ids"), Json::array({"aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2", "aaaaaaaaaaaaaa3"}));
  EXPECT_EQ(all.at("median"), "2026-11-22 10:00:20.000Z");
  // Ranges are [from, to).
  const Json early =
      versions({{"from", "2026-11-22 10:00:10.000Z"}, {"to", "2026-11-22 10:00:30.000Z"}, {"ids", true}});
  EXPECT_EQ(early.at("ids"), Json::array({"aaaaaaaaaaaaaa1", "aaaaaaaaaaaaaa2"}));
  EXPECT_EQ(versions({{"from", "2026-11-22 10:00:31.000Z"}}).at("median"), nullptr);
  EXPECT_FALSE(engine->server_versions("notes", R"({"from": 3})").ok());
}

TEST_F(SyncTest, AppliesAListResponseAndAdvancesTheCursorOnly) {
  const Json response = {
      {"page", 1},
      {"perPage", 2},
      {"totalItems", 7},
      {"items", Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 12)})}};
  const Json summary = Json::parse(
      expect_ok(engine->upsert("notes", response.dump(), R"({"list": true, "advanceCursor": true, "syncedAt": 5})")));
  EXPECT_EQ(summary.at("totalItems"), 7);
  EXPECT_EQ(summary.at("last").at("id"), "aaaaaaaaaaaaaa2");
  const Json older = {{"items", Json::array({server_note("aaaaaaaaaaaaaa0", "zero", 9)})}};
  expect_ok(engine->upsert("notes", older.dump(), R"({"list": true, "advanceCursor": true, "syncedAt": 6})"));
  const Json cursor = Json::parse(expect_ok(engine->cursors())).at("notes");
  EXPECT_EQ(cursor.at("id"), "aaaaaaaaaaaaaa2");  // an overlap page never moves it back
  EXPECT_EQ(cursor.at("syncedAt"), 6);
  EXPECT_EQ(engine->upsert("notes", "[]", R"({"list": true})").error().code, "invalid_page");
}

TEST_F(SyncTest, ReadsAPagesEndWithoutApplyingIt) {
  const Json response = {
      {"items", Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 12)})}};
  const Json end = Json::parse(expect_ok(engine->page_end(response.dump())));
  EXPECT_EQ(end.at("count"), 2);
  EXPECT_EQ(end.at("last").at("id"), "aaaaaaaaaaaaaa2");
  EXPECT_EQ(end.at("last").at("updated"), "2026-11-22 10:00:12.000Z");
  EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null());
  EXPECT_FALSE(engine->page_end(R"({"items": [1,)").ok());
}

TEST_F(SyncTest, APageIsScannedOnceAndStillStrictly) {
  // Each record is read straight from the page; malformed pages still fail whole.
  for (const char* bad : {R"([{"id": "aaaaaaaaaaaaaa1", "title": "a"},])", R"([{"id": "aaaaaaaaaaaaaa1"} {"id": "b"}])",
                          R"([{"id": "aaaaaaaaaaaaaa1", "title": "a"})", "[,]"}) {
    EXPECT_FALSE(engine->upsert("notes", bad, "").ok()) << bad;
    EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null()) << bad;  // nothing of a refused page stays
  }
  const Json summary = apply(Json::parse(R"([7, {"id": "aaaaaaaaaaaaaa1", "title": "a"}, {"title": "no id"}])"));
  EXPECT_EQ(outcomes(summary), "cff");
  EXPECT_EQ(summary["failed"][0]["index"], 0);
  EXPECT_EQ(summary["failed"][1]["index"], 2);
}
