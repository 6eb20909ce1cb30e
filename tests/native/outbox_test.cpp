// Local writes and the outbox: optimistic apply, coalescing, acks, permanent failures, retries.
#include "sync_fixtures.h"

using namespace pocketlite;
using namespace pocketlite::test;

TEST_F(SyncTest, ACreateIsVisibleAtOnceAndQueued) {
  const Json stored = create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}, {"stars", 3}});
  EXPECT_EQ(stored.at("title"), "new");
  EXPECT_EQ(stored.at("created"), "2026-11-18 11:06:40.000Z");  // the clock the caller gave
  EXPECT_EQ(states().at("bbbbbbbbbbbbbb1").at("state"), "pending");
  const Json sends = outbox("take", {{"max", 10}});
  ASSERT_EQ(sends.size(), 1u);
  EXPECT_EQ(sends[0].at("op"), "create");
  EXPECT_EQ(sends[0].at("body"), Json({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}, {"stars", 3}}));
  EXPECT_EQ(states().at("bbbbbbbbbbbbbb1").at("state"), "sending");
  // The server's answer becomes the record; nothing is left pending.
  outbox("ack", {{"seqs", sends[0].at("seqs")}, {"server", server_note("bbbbbbbbbbbbbb1", "new", 20, 3)}});
  EXPECT_TRUE(states().empty());
  EXPECT_EQ(note("bbbbbbbbbbbbbb1").at("updated"), "2026-11-22 10:00:20.000Z");
}

TEST_F(SyncTest, ABatchOfAnswersSettlesInOneCallOrNotAtAll) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "one"}});
  create({{"id", "bbbbbbbbbbbbbb2"}, {"title", "two"}});
  const Json sends = outbox("take", {{"max", 10}});
  ASSERT_EQ(sends.size(), 2u);
  const Json first{{"seqs", sends[0].at("seqs")}, {"server", server_note("bbbbbbbbbbbbbb1", "one", 20, 0)}};
  // One unknown entry refuses the whole call: nothing of it is settled.
  EXPECT_EQ(engine->outbox_ack(Json{{"acks", {first, {{"seqs", {99}}}}}}.dump()).error().status, 404);
  EXPECT_EQ(states().size(), 2u);
  const Json second{{"seqs", sends[1].at("seqs")}, {"server", server_note("bbbbbbbbbbbbbb2", "two", 21, 0)}};
  expect_ok(engine->outbox_ack(Json{{"acks", {first, second}}}.dump()));
  EXPECT_TRUE(states().empty());
  EXPECT_EQ(note("bbbbbbbbbbbbbb2").at("updated"), "2026-11-22 10:00:21.000Z");
}

TEST_F(SyncTest, RefusesBadLocalWritesWithTheField) {
  auto bad = engine->create("notes", R"({"id": "bbbbbbbbbbbbbb1", "title": "far too long for twenty"})", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().data.contains("title")) << bad.error().to_json().dump();
  auto bad_id = engine->create("notes", R"({"id": "Not-Valid", "title": "x"})", "");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_TRUE(bad_id.error().data.contains("id"));
  auto modifier = engine->update("notes", "bbbbbbbbbbbbbb1", R"({"stars+": 1})", "");
  ASSERT_FALSE(modifier.ok());
  EXPECT_EQ(engine->update("notes", "missing", R"({"title": "x"})", "").error().status, 404);
  EXPECT_TRUE(outbox("list").empty());  // nothing half-written
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "x"}});
  EXPECT_EQ(engine->create("notes", R"({"id": "bbbbbbbbbbbbbb1"})", "").error().data.at("id").at("code"),
            "validation_not_unique");
}

TEST_F(SyncTest, CoalescesConsecutiveUpdatesOfOneRecord) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "a"}});
  update("aaaaaaaaaaaaaa1", {{"stars", 2}});
  update("aaaaaaaaaaaaaa2", {{"title", "b"}});
  update("aaaaaaaaaaaaaa1", {{"title", "c"}});
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 3u);  // the first two merged; the last is after another record's entry
  EXPECT_EQ(all[0].at("body"), Json({{"title", "a"}, {"stars", 2}}));
  const Json sends = outbox("take", {{"max", 10}});
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_EQ(sends[2].at("body"), Json({{"title", "c"}}));
}

TEST_F(SyncTest, AnAckKeepsFieldsStillQueued) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "a"}});
  const Json sends = outbox("take", {{"max", 10}});
  update("aaaaaaaaaaaaaa1", {{"stars", 7}});  // written while the first change was in flight
  outbox("ack", {{"seqs", sends[0].at("seqs")}, {"server", server_note("aaaaaaaaaaaaaa1", "a", 11, 0)}});
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("stars"), 7);
  EXPECT_EQ(states().at("aaaaaaaaaaaaaa1").at("state"), "pending");
}

TEST_F(SyncTest, APermanentFailureRevertsToTheServerAndCanBeRetriedOrDiscarded) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "rejected"}});
  const Json sends = outbox("take");
  const Json error = {{"status", 400}, {"message", "Failed to update record."}, {"data", {{"title", "bad"}}}};
  outbox("fail",
         {{"seqs", sends[0].at("seqs")}, {"error", error}, {"server", server_note("aaaaaaaaaaaaaa1", "srv", 12)}});
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "srv");
  EXPECT_EQ(states().at("aaaaaaaaaaaaaa1").at("state"), "failed");
  EXPECT_EQ(states().at("aaaaaaaaaaaaaa1").at("error").at("status"), 400);
  const Json failed = outbox("list", {{"state", "failed"}});
  ASSERT_EQ(failed.size(), 1u);
  outbox("retry", {{"seq", failed[0].at("seq")}, {"now", 1795000000000}});
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "rejected");
  EXPECT_EQ(states().at("aaaaaaaaaaaaaa1").at("state"), "pending");
  const Json again = outbox("take");
  outbox("fail", {{"seqs", again[0].at("seqs")}, {"error", error}});  // server state unknown: the base
  EXPECT_EQ(note("aaaaaaaaaaaaaa1").at("title"), "srv");
  outbox("discard", {{"seq", outbox("list", {{"state", "failed"}})[0].at("seq")}});
  EXPECT_TRUE(states().empty());
}

TEST_F(SyncTest, AFailedCreateRemovesTheLocalRecord) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  const Json sends = outbox("take");
  outbox("fail", {{"seqs", sends[0].at("seqs")}, {"error", {{"status", 403}}}, {"server", nullptr}});
  EXPECT_TRUE(note("bbbbbbbbbbbbbb1").is_null());
  EXPECT_EQ(states().at("bbbbbbbbbbbbbb1").at("state"), "failed");
}

TEST_F(SyncTest, DeletingANeverSentRecordQueuesNothing) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  update("bbbbbbbbbbbbbb1", {{"title", "newer"}});
  expect_ok(engine->local_delete("notes", "bbbbbbbbbbbbbb1"));
  EXPECT_TRUE(outbox("list").empty());
  EXPECT_TRUE(note("bbbbbbbbbbbbbb1").is_null());
}

TEST_F(SyncTest, DeletingARecordWhoseCreateWasSentQueuesTheDelete) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  const Json sends = outbox("take");  // sent; the answer was lost, so the server may have it
  outbox("requeue", {{"seqs", sends[0].at("seqs")}});
  expect_ok(engine->local_delete("notes", "bbbbbbbbbbbbbb1"));
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].at("op"), "delete");
  EXPECT_TRUE(note("bbbbbbbbbbbbbb1").is_null());
}

TEST_F(SyncTest, AnUpdateIsNotMergedIntoACreateSentBefore) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  const Json sends = outbox("take");  // the server may have applied it: a resend is answered "exists"
  outbox("requeue", {{"seqs", sends[0].at("seqs")}});
  update("bbbbbbbbbbbbbb1", {{"title", "edited"}});
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].at("body").at("title"), "new");
  EXPECT_EQ(all[1].at("op"), "update");
  EXPECT_EQ(all[1].at("body").at("title"), "edited");
}

TEST_F(SyncTest, RetryingAFailedDeleteOfARecordGoneSinceIsDone) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));
  const Json sends = outbox("take");
  outbox("fail", {{"seqs", sends[0].at("seqs")}, {"error", {{"status", 403}}}, {"server", nullptr}});
  ASSERT_EQ(outbox("list", {{"state", "failed"}}).size(), 1u);
  outbox("retry", {{"seq", sends[0].at("seqs")[0]}, {"now", 1795000000000}});
  EXPECT_TRUE(outbox("list").empty());
  EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null());
}

TEST_F(SyncTest, ARefusedCreateFailsTheRecordsLaterUpdatesWithIt) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  const Json sends = outbox("take");  // the create is in flight when the user edits the record
  update("bbbbbbbbbbbbbb1", {{"title", "edited"}});
  outbox("fail", {{"seqs", sends[0].at("seqs")}, {"error", {{"status", 403}}}, {"server", nullptr}});
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].at("state"), "failed");
  EXPECT_TRUE(outbox("take").empty());  // nothing left to send
  outbox("requeue", {{"seqs", Json::array({all[1].at("seq")})}});
  EXPECT_EQ(outbox("list", {{"state", "failed"}}).size(), 2u);  // a requeue does not revive it
  // Retried in order, the user's record comes back as they left it.
  outbox("retry", {{"seq", all[0].at("seq")}, {"now", 1795000000000}});
  outbox("retry", {{"seq", all[1].at("seq")}, {"now", 1795000000000}});
  EXPECT_EQ(note("bbbbbbbbbbbbbb1").at("title"), "edited");
}

TEST_F(SyncTest, DeletingARecordDropsItsFailedWrites) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "refused"}});
  const Json sends = outbox("take");
  outbox("fail", {{"seqs", sends[0].at("seqs")},
                  {"error", {{"status", 403}}},
                  {"server", server_note("aaaaaaaaaaaaaa1", "one", 10)}});
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].at("op"), "delete");
}

TEST_F(SyncTest, AFailureSupersededByALaterDeleteIsDroppedNotListed) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  update("aaaaaaaaaaaaaa1", {{"title", "a"}});
  const Json sends = outbox("take");                            // the update is in flight
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));  // the user deletes meanwhile
  const Json failed =
      outbox("fail", {{"seqs", sends[0].at("seqs")}, {"error", {{"status", 404}}}, {"server", nullptr}});
  EXPECT_EQ(failed, Json({{"superseded", true}}));
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 1u);  // only the delete, still queued
  EXPECT_EQ(all[0].at("op"), "delete");
  EXPECT_TRUE(note("aaaaaaaaaaaaaa1").is_null());
  // Without a later delete the failure is listed as before.
  apply(Json::array({server_note("aaaaaaaaaaaaaa2", "two", 10)}));
  update("aaaaaaaaaaaaaa2", {{"title", "b"}});
  const Json more = outbox("take", {{"max", 10}});
  EXPECT_EQ(outbox("fail", {{"seqs", more[1].at("seqs")}, {"error", {{"status", 400}}}}),
            Json({{"superseded", false}}));
}

TEST_F(SyncTest, ALocalDeleteCascadesAndDropsTheChildrensQueuedWrites) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  create({{"id", "ccccccccccccc01"}, {"note", "aaaaaaaaaaaaaa1"}, {"text", "hi"}}, "comments");
  expect_ok(engine->local_delete("notes", "aaaaaaaaaaaaaa1"));
  EXPECT_FALSE(engine->get_one("comments", "ccccccccccccc01").ok());
  const Json all = outbox("list");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].at("op"), "delete");
  EXPECT_EQ(states().at("aaaaaaaaaaaaaa1").at("op"), "delete");
}

TEST_F(SyncTest, EntriesInFlightAtACrashAreQueuedAgain) {
  create({{"id", "bbbbbbbbbbbbbb1"}, {"title", "new"}});
  outbox("take");
  engine.reset();  // the process dies between sending and recording the answer
  engine = open_engine();
  EXPECT_EQ(states().at("bbbbbbbbbbbbbb1").at("state"), "pending");
  EXPECT_EQ(outbox("take").size(), 1u);
}

TEST_F(SyncTest, OutboxCallsCheckTheirArguments) {
  EXPECT_EQ(engine->outbox_ack(R"({"acks": [{"seqs": []}]})").error().code, "invalid_outbox");
  EXPECT_EQ(engine->outbox_ack(R"({"acks": []})").error().code, "invalid_outbox");
  EXPECT_EQ(engine->outbox_ack(R"({"seqs": [1]})").error().code, "invalid_outbox");
  EXPECT_EQ(engine->outbox_ack(R"({"acks": [{"seqs": [99]}]})").error().status, 404);
  EXPECT_EQ(engine->outbox_fail(R"({"seqs": [1], "server": 5})").error().code, "invalid_record");
  EXPECT_EQ(engine->outbox_list("x' OR 1").error().code, "invalid_outbox");
  EXPECT_FALSE(engine->outbox_requeue("[").ok());
}
