#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

class RecordStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({every_type_collection()}));
  }
  Json upsert(const Json& records, const std::string& options = "") {
    return Json::parse(expect_ok(engine->upsert("things", records.dump(), options)));
  }
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(RecordStoreTest, RoundTripsEveryFieldTypeExactly) {
  Json record = every_type_record();
  EXPECT_EQ(upsert(record)["created"], 1);
  const Json back = Json::parse(expect_ok(engine->get_one("things", "abcdefghijklmno")));
  EXPECT_EQ(back, record);
  // Keys come out in sorted order, as PocketBase serializes them.
  const std::string text = expect_ok(engine->get_one("things", "abcdefghijklmno"));
  EXPECT_EQ(text.rfind("{\"body\":", 0), 0u) << text;
}

TEST_F(RecordStoreTest, MissingFieldsTakePocketBaseDefaults) {
  upsert(Json{{"id", "minimal00000001"}});
  const Json back = Json::parse(expect_ok(engine->get_one("things", "minimal00000001")));
  EXPECT_EQ(back["title"], "");
  EXPECT_EQ(back["count"], 0);
  EXPECT_EQ(back["done"], false);
  EXPECT_EQ(back["tags"], Json::array());
  EXPECT_TRUE(back["meta"].is_null());
  EXPECT_EQ(back["where"], (Json{{"lon", 0}, {"lat", 0}}));
  EXPECT_FALSE(back.contains("secret"));
}

TEST_F(RecordStoreTest, UpsertReplacesTheRecord) {
  upsert(every_type_record());
  Json changed = every_type_record();
  changed["title"] = "changed";
  changed["tags"] = Json::array({"y"});
  upsert(changed);
  EXPECT_EQ(Json::parse(expect_ok(engine->get_one("things", "abcdefghijklmno"))), changed);
  EXPECT_EQ(expect_ok(engine->count("things")), "1");
}

TEST_F(RecordStoreTest, BadRecordsAreReportedOneByOneAndTheRestApplies) {
  Json page = Json::array();
  page.push_back(every_type_record("good00000000001"));
  Json wrong_type = every_type_record("bad000000000001");
  wrong_type["count"] = "twelve";
  page.push_back(wrong_type);
  page.push_back(every_type_record("good00000000002"));
  Json bad_date = every_type_record("bad000000000002");
  bad_date["due"] = "soon";
  page.push_back(bad_date);
  page.push_back("not a record");
  page.push_back(Json{{"title", "no id"}});

  const Json summary = upsert(page);
  EXPECT_EQ(summary["created"], 2);
  ASSERT_EQ(summary["failed"].size(), 4u);
  const Json& first = summary["failed"][0];
  EXPECT_EQ(first["index"], 1);
  EXPECT_EQ(first["id"], "bad000000000001");
  EXPECT_EQ(first["error"]["status"], 400);
  EXPECT_EQ(first["error"]["data"]["count"]["code"], "validation_invalid_type");
  EXPECT_NE(first["error"]["message"].get<std::string>().find("'count' (number) expects a number, got string"),
            std::string::npos);
  EXPECT_EQ(summary["failed"][1]["error"]["data"]["due"]["code"], "validation_invalid_date");
  EXPECT_EQ(summary["failed"][2]["index"], 4);
  EXPECT_EQ(summary["failed"][3]["error"]["data"]["id"]["code"], "validation_required");
  EXPECT_EQ(expect_ok(engine->count("things")), "2");
}

TEST_F(RecordStoreTest, ConstraintValidationIsForLocalWrites) {
  Json record = every_type_record();
  record["title"] = "far too long for ten";
  record["kind"] = "c";
  EXPECT_EQ(upsert(record)["created"], 1);  // server data is trusted beyond its types
  const Json local{{"id", "local0000000001"}, {"title", record["title"]}, {"kind", record["kind"]}};
  const auto refused = engine->create("things", local.dump(), "");  // a local write is checked as the server would
  ASSERT_FALSE(refused.ok());
  const Json& data = refused.error().data;
  EXPECT_EQ(data["title"]["code"], "validation_max_text_constraint");
  EXPECT_EQ(data["kind"]["code"], "validation_invalid_value");
}

TEST_F(RecordStoreTest, RefusesARecordOfAnotherCollection) {
  Json record = every_type_record();
  record["collectionName"] = "sessions";
  EXPECT_EQ(upsert(record)["failed"][0]["error"]["code"], "invalid_record");
}

TEST_F(RecordStoreTest, NormalizesRfc3339DatesToPocketBaseForm) {
  Json record = every_type_record();
  record["due"] = "2026-05-01T12:00:00+02:00";
  upsert(record);
  EXPECT_EQ(Json::parse(expect_ok(engine->get_one("things", "abcdefghijklmno")))["due"], "2026-05-01 10:00:00.000Z");
}

TEST_F(RecordStoreTest, GetOneOfAMissingRecordIsA404) {
  auto missing = engine->get_one("things", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().status, 404);
  EXPECT_EQ(missing.error().message, "The requested resource wasn't found.");
  EXPECT_EQ(engine->get_one("nothing", "x").error().code, "unknown_collection");
}

TEST_F(RecordStoreTest, ListsInAStableOrderAndSorts) {
  for (int i = 0; i < 5; ++i) {
    Json r = every_type_record("rec00000000000" + std::to_string(4 - i));
    r["count"] = i % 2;
    upsert(r);
  }
  auto ids = [&](const std::string& options) {
    std::vector<std::string> out;
    const Json page = Json::parse(expect_ok(engine->get_list("things", options)));
    for (const auto& r : page["items"]) out.push_back(r["id"]);
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{"rec000000000000", "rec000000000001", "rec000000000002",
                                               "rec000000000003", "rec000000000004"}));
  EXPECT_EQ(ids(R"({"sort":"-count"})"),
            (std::vector<std::string>{"rec000000000001", "rec000000000003", "rec000000000000", "rec000000000002",
                                      "rec000000000004"}));
  EXPECT_EQ(ids(R"({"sort":"count","page":2,"perPage":2})"),
            (std::vector<std::string>{"rec000000000004", "rec000000000001"}));
  auto bad = engine->get_list("things", R"({"sort":"count; DROP TABLE things"})");
  EXPECT_EQ(bad.error().code, "invalid_sort");
  EXPECT_EQ(expect_ok(engine->count("things")), "5");
}

TEST_F(RecordStoreTest, DeletesAndReports404ForMissing) {
  upsert(every_type_record());
  EXPECT_EQ(expect_ok(engine->local_delete("things", "abcdefghijklmno")), "true");
  EXPECT_EQ(engine->local_delete("things", "abcdefghijklmno").error().status, 404);
  EXPECT_EQ(expect_ok(engine->count("things")), "0");
}

TEST_F(RecordStoreTest, AuthEmailIsShownToItsOwnerOrWhenVisible) {
  Json users = Json::parse(R"({"id":"_pb_users_auth_","name":"users","type":"auth","fields":[
    {"id":"p","name":"password","type":"password","hidden":true},
    {"id":"t","name":"tokenKey","type":"text","hidden":true},
    {"id":"e","name":"email","type":"email"},
    {"id":"v","name":"emailVisibility","type":"bool"},
    {"id":"n","name":"name","type":"text"}]})");
  apply_schema_ok(*engine, Json::array({every_type_collection(), users}));
  const Json page = Json::parse(R"([
    {"id":"owner0000000001","email":"me@x.io","emailVisibility":false,"name":"me"},
    {"id":"other0000000001","email":"","emailVisibility":false,"name":"hidden"},
    {"id":"other0000000002","email":"pub@x.io","emailVisibility":true,"name":"public"}])");
  expect_ok(engine->upsert("users", page.dump(), ""));
  EXPECT_EQ(Json::parse(expect_ok(engine->get_one("users", "owner0000000001")))["email"], "me@x.io");
  EXPECT_FALSE(Json::parse(expect_ok(engine->get_one("users", "other0000000001"))).contains("email"));
  EXPECT_EQ(Json::parse(expect_ok(engine->get_one("users", "other0000000002")))["email"], "pub@x.io");
  EXPECT_FALSE(Json::parse(expect_ok(engine->get_one("users", "owner0000000001"))).contains("tokenKey"));
}

TEST_F(RecordStoreTest, MalformedJsonIsAClearErrorAndTheEngineStaysUsable) {
  auto bad = engine->upsert("things", "[{\"id\":", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "invalid_json");
  EXPECT_EQ(upsert(every_type_record())["created"], 1);
}
