#include <gtest/gtest.h>

#include <random>

#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

Json sessions_collection() {
  return Json::parse(R"({"id": "pbc_sessions", "name": "sessions", "type": "base", "fields": [
    {"id": "f_id", "name": "id", "type": "text", "primaryKey": true},
    {"id": "f_model", "name": "model", "type": "text"},
    {"id": "f_provider", "name": "provider", "type": "text"},
    {"id": "f_project", "name": "projectName", "type": "text"},
    {"id": "f_path", "name": "projectPath", "type": "text"},
    {"id": "f_tokens", "name": "totalTokens", "type": "number"},
    {"id": "f_public", "name": "isPublic", "type": "bool"},
    {"id": "f_created", "name": "created", "type": "date"}]})");
}

// Every kind of dimension and measure, on OpenSync-like rows.
constexpr const char* kSpec = R"({
  "groupBy": ["model", {"name": "day", "field": "created", "bucket": "day", "offsetMinutes": -300},
    {"name": "provider", "field": "provider", "infer": {"from": "model", "otherwise": "unknown",
      "rules": [{"contains": ["claude", "anthropic"], "value": "anthropic"}, {"contains": ["gpt"], "value": "openai"}]}}],
  "measures": [{"name": "sessions", "op": "count"}, {"name": "tokens", "op": "sum", "field": "totalTokens"},
    {"name": "avg", "op": "avg", "field": "totalTokens"}, {"name": "min", "op": "min", "field": "totalTokens"},
    {"name": "max", "op": "max", "field": "created"}, {"name": "p90", "op": "percentile", "field": "totalTokens", "p": 0.9},
    {"name": "projects", "op": "countDistinct", "coalesce": ["projectName", "projectPath"], "empty": "unknown"}],
  "filter": "isPublic = false",
  "order": ["-sessions"]})";

class RollupTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({sessions_collection()}));
  }
  Json random_session(int i) {
    static const char* models[] = {"claude-3", "gpt-4o", "", "llama-3", "Claude-opus"};
    static const char* projects[] = {"alpha", "", "Ünï ✓", "beta"};
    char created[40];
    std::snprintf(created, sizeof created, "2026-03-%02d %02d:%02d:00.000Z", 1 + static_cast<int>(random() % 5),
                  static_cast<int>(random() % 24), static_cast<int>(random() % 60));
    return Json{{"id", "s" + std::string(14 - std::to_string(i).size(), '0') + std::to_string(i)},
                {"model", models[random() % 5]},
                {"provider", random() % 3 == 0 ? "mistral" : ""},
                {"projectName", projects[random() % 4]},
                {"projectPath", random() % 2 ? "/p/x" : ""},
                {"totalTokens", static_cast<int>(random() % 5000)},
                {"isPublic", random() % 4 == 0},
                {"created", created}};
  }
  std::mt19937 random{5};
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(RollupTest, StaysEqualToARecomputationThroughInsertsUpdatesAndDeletes) {
  Json first = Json::array();
  for (int i = 0; i < 60; ++i) first.push_back(random_session(i));
  expect_ok(engine->upsert("sessions", first.dump(), ""));
  Json spec = Json::parse(kSpec);
  spec["name"] = "daily";
  expect_ok(engine->define_rollup("sessions", spec.dump()));
  for (int step = 0; step < 150; ++step) {
    const int i = static_cast<int>(random() % 80);
    const Json session = random_session(i);
    switch (random() % 4) {
      case 0:  // delete (maybe of a record that does not exist)
        expect_ok(engine->apply_server_deletes("sessions", Json::array({session["id"]}).dump()));
        break;
      case 1:  // a page of several writes in one transaction
        expect_ok(engine->upsert("sessions", Json::array({session, random_session(i + 1)}).dump(), ""));
        break;
      default:  // insert or update (moves the row between groups when model/day/provider change)
        expect_ok(engine->upsert("sessions", session.dump(), ""));
    }
    ASSERT_EQ(Json::parse(expect_ok(engine->rollup("daily"))),
              Json::parse(expect_ok(engine->aggregate("sessions", kSpec))))
        << "after step " << step;
  }
  const Json result = Json::parse(expect_ok(engine->rollup("daily")));
  EXPECT_GT(result["groups"].get<int>(), 10);
}

TEST_F(RollupTest, ComputesEachMeasureAndDimension) {
  const Json rows = Json::parse(R"([
    {"id": "s00000000000001", "model": "claude-3", "projectName": "a", "totalTokens": 10, "created": "2026-03-01 04:59:00.000Z"},
    {"id": "s00000000000002", "model": "claude-3", "projectPath": "/b", "totalTokens": 20, "created": "2026-03-01 05:00:00.000Z"},
    {"id": "s00000000000003", "model": "claude-3", "totalTokens": 40, "created": "2026-03-01 23:00:00.000Z"},
    {"id": "s00000000000004", "model": "gpt-4o", "provider": "azure", "totalTokens": 5, "created": "2026-03-02 10:00:00.000Z"},
    {"id": "s00000000000005", "model": "", "totalTokens": 7, "isPublic": true, "created": "2026-03-02 10:00:00.000Z"}])");
  expect_ok(engine->upsert("sessions", rows.dump(), ""));
  const Json daily = Json::parse(expect_ok(engine->aggregate("sessions", kSpec)));
  // UTC-5: 04:59Z on March 1st is still February 28th there.
  EXPECT_EQ(daily["rows"], Json::parse(R"([
    {"model": "claude-3", "day": "2026-03-01", "provider": "anthropic", "sessions": 2, "tokens": 60.0, "avg": 30.0,
     "min": 20.0, "max": 1772406000000.0, "p90": 38.0, "projects": 2},
    {"model": "claude-3", "day": "2026-02-28", "provider": "anthropic", "sessions": 1, "tokens": 10.0, "avg": 10.0,
     "min": 10.0, "max": 1772341140000.0, "p90": 10.0, "projects": 1},
    {"model": "gpt-4o", "day": "2026-03-02", "provider": "azure", "sessions": 1, "tokens": 5.0, "avg": 5.0,
     "min": 5.0, "max": 1772445600000.0, "p90": 5.0, "projects": 1}])"));
  // Bad specs say what is wrong and where.
  EXPECT_EQ(engine->aggregate("sessions", R"({"measures": [{"op": "median"}]})").error().message,
            "measures[0].op: expected count, sum, avg, min, max, countDistinct or percentile");
  EXPECT_EQ(engine->aggregate("sessions", R"({"measures": [{"op": "sum", "field": "nope"}]})").error().message,
            "'nope' is not a field of 'sessions'");
  EXPECT_NE(engine->define_rollup("sessions", R"({"name": "x", "measures": [{}], "filter": "created > @now"})")
                .error()
                .message.find("macros"),
            std::string::npos);
}
