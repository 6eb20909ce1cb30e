// API rules on local writes: the replica's user as @request.auth, the write as @request.body, the
// record's fields, the server's answers when a rule refuses, and "unknown" for what only the
// server can decide (tests/pocketbase/rules-differential.test.ts compares with a server).
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

class RulesTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine("rules.db", "owner0000000001");
    apply_schema_ok(*engine, Json::parse(R"J([
      {"id": "pbc_notes", "name": "notes", "type": "base", "listRule": "", "viewRule": "",
       "createRule": "owner = @request.auth.id && @request.body.title:isset = true",
       "updateRule": "owner = @request.auth.id && locked = false",
       "deleteRule": null,
       "fields": [
         {"id": "f1", "name": "title", "type": "text"},
         {"id": "f2", "name": "owner", "type": "text"},
         {"id": "f3", "name": "locked", "type": "bool"}]},
      {"id": "pbc_open", "name": "open", "type": "base",
       "createRule": "@collection.notes.owner ?= @request.auth.id",
       "fields": [{"id": "f4", "name": "title", "type": "text"}]}
    ])J"));
  }
  std::string can(const std::string& collection, const std::string& op, const std::string& id, const Json& body) {
    const RuleOp rule = op == "create" ? RuleOp::Create : op == "update" ? RuleOp::Update : RuleOp::Delete;
    return expect_ok(engine->can(collection, rule, id, body.dump()));
  }
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(RulesTest, ACreateIsCheckedOnTheRecordItWouldMake) {
  EXPECT_EQ(can("notes", "create", "aaaaaaaaaaaaaa1", {{"title", "t"}, {"owner", "owner0000000001"}}), "true");
  EXPECT_EQ(can("notes", "create", "aaaaaaaaaaaaaa1", {{"title", "t"}, {"owner", "someoneelse0000"}}), "false");
  EXPECT_EQ(can("notes", "create", "aaaaaaaaaaaaaa1", {{"owner", "owner0000000001"}}), "false");  // no title key
  // Asking changed nothing.
  EXPECT_EQ(engine->get_one("notes", "aaaaaaaaaaaaaa1").error().status, 404);
  auto refused = engine->create("notes", R"({"id": "aaaaaaaaaaaaaa2", "owner": "x", "title": "t"})", "{}");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().status, 400);
  EXPECT_EQ(refused.error().message, "Failed to create record.");
  expect_ok(engine->create("notes", R"({"id": "aaaaaaaaaaaaaa3", "owner": "owner0000000001", "title": "t"})", "{}"));
}

TEST_F(RulesTest, UpdatesReadTheStoredRecordAndNullRulesAreForSuperusers) {
  expect_ok(engine->upsert("notes",
                           R"([{"id": "bbbbbbbbbbbbbb1", "owner": "owner0000000001", "locked": false},
                               {"id": "bbbbbbbbbbbbbb2", "owner": "owner0000000001", "locked": true}])",
                           ""));
  EXPECT_EQ(can("notes", "update", "bbbbbbbbbbbbbb1", {{"title", "x"}}), "true");
  EXPECT_EQ(can("notes", "update", "bbbbbbbbbbbbbb2", {{"title", "x"}}), "false");
  EXPECT_EQ(engine->update("notes", "bbbbbbbbbbbbbb2", R"({"title": "x"})", "{}").error().status, 404);
  EXPECT_EQ(can("notes", "delete", "bbbbbbbbbbbbbb1", Json::object()), "false");
  EXPECT_EQ(engine->local_delete("notes", "bbbbbbbbbbbbbb1").error().status, 403);
}

TEST_F(RulesTest, WhatOnlyTheServerKnowsIsUnknownAndAllowed) {
  EXPECT_EQ(can("open", "create", "ccccccccccccc01", {{"title", "t"}}), "null");
  expect_ok(engine->create("open", R"({"id": "ccccccccccccc01", "title": "t"})", "{}"));
  EXPECT_EQ(engine->can("nope", RuleOp::Create, "x", "{}").error().status, 404);
}
