// One-off aggregations run on the column store; a rollup defined afresh computes the same spec
// from SQLite rows with the filter compiled to SQL. The two must agree for every filter shape
// (those the columns answer and those left to SQLite) and after any sequence of writes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

Json sessions_collection() {
  return Json::parse(R"({"id": "pbc_sessions", "name": "sessions", "type": "base", "fields": [
    {"id": "f_id", "name": "id", "type": "text", "primaryKey": true},
    {"id": "f_model", "name": "model", "type": "text"},
    {"id": "f_source", "name": "source", "type": "select", "maxSelect": 1, "values": ["opencode", "claude-code"]},
    {"id": "f_project", "name": "projectName", "type": "text"},
    {"id": "f_path", "name": "projectPath", "type": "text"},
    {"id": "f_tokens", "name": "totalTokens", "type": "number"},
    {"id": "f_cost", "name": "cost", "type": "number"},
    {"id": "f_public", "name": "isPublic", "type": "bool"},
    {"id": "f_ended", "name": "endedAt", "type": "date"},
    {"id": "f_created", "name": "created", "type": "date"}]})");
}

// Filters the columns answer, and filters that go to SQLite (~, a non-canonical date, a
// number compared with text).
const char* const kFilters[] = {
    "",
    R"(model = "claude-3")",
    R"(model != "claude-3")",
    R"(model = "")",
    R"(model != "")",
    R"(model > "c" && model <= "gpt-4o")",
    R"(source = "claude-code" || source = "")",
    R"(projectName = "Ünï ✓")",
    R"(totalTokens > 2500)",
    R"(totalTokens = 100 || totalTokens != 100 && cost < 0.5)",
    R"(isPublic = true)",
    R"(isPublic != false)",
    R"(created >= "2026-03-03 00:00:00.000Z")",
    R"(created < "2026-03-02 12:00:00.000Z")",
    R"(endedAt = "")",
    R"(endedAt != "" && (model = "gpt-4o" || totalTokens < 1000))",
    R"(id = "s00000000000003" || id > "s00000000000050")",
    R"(model ~ "claude")",
    R"(created > "2026-03-03")",
    R"(totalTokens > "5")",
    R"((model = "x" || model = "gpt-4o") && isPublic = false || cost > 0.9)",
};

// Every dimension kind (text, select, coalesce, inferred, buckets of each size) and measure.
const char* const kSpecs[] = {
    R"({"groupBy": ["id"], "measures": [{"op": "count"}]})",
    R"({"groupBy": ["model", {"name": "day", "field": "created", "bucket": "day", "offsetMinutes": -300},
        {"name": "provider", "field": "source", "infer": {"from": "model", "otherwise": "other",
          "rules": [{"contains": ["claude"], "value": "anthropic"}, {"contains": ["gpt"], "value": "openai"}]}}],
       "measures": [{"name": "n", "op": "count"}, {"name": "tokens", "op": "sum", "field": "totalTokens"},
         {"name": "avg", "op": "avg", "field": "cost"}, {"name": "min", "op": "min", "field": "totalTokens"},
         {"name": "last", "op": "max", "field": "endedAt"},
         {"name": "p90", "op": "percentile", "field": "totalTokens", "p": 0.9},
         {"name": "projects", "op": "countDistinct", "coalesce": ["projectName", "projectPath"], "empty": "?"}],
       "order": ["-n"], "limit": 40})",
    R"({"groupBy": [{"name": "week", "field": "created", "bucket": "week"},
        {"name": "month", "field": "endedAt", "bucket": "month", "offsetMinutes": 330},
        {"name": "hour", "field": "created", "bucket": "hour", "empty": "none"}],
       "measures": [{"name": "n", "op": "count"}, {"name": "cost", "op": "sum", "field": "cost"},
         {"name": "models", "op": "countDistinct", "field": "model"}]})",
    R"({"groupBy": [{"name": "source", "field": "source", "empty": "opencode"}, "isPublic"],
       "measures": [{"name": "n", "op": "count"}, {"name": "first", "op": "min", "coalesce": ["endedAt", "created"]},
         {"name": "median", "op": "percentile", "field": "cost", "p": 0.5}]})",
    R"({"measures": [{"name": "n", "op": "count"}, {"name": "tokens", "op": "sum", "field": "totalTokens"},
         {"name": "max", "op": "max", "field": "cost"}]})",
    // One date bucket with plain measures: the single fused pass (with and without empty dates).
    R"({"groupBy": [{"name": "day", "field": "created", "bucket": "day", "offsetMinutes": 90}],
       "measures": [{"name": "n", "op": "count"}, {"name": "tokens", "op": "sum", "field": "totalTokens"},
         {"name": "avg", "op": "avg", "field": "cost"}, {"name": "min", "op": "min", "field": "totalTokens"},
         {"name": "last", "op": "max", "field": "endedAt"}]})",
    R"({"groupBy": [{"name": "hour", "field": "endedAt", "bucket": "hour", "empty": "never"}],
       "measures": [{"name": "cost", "op": "sum", "field": "cost"}, {"name": "n", "op": "count"}]})",
    // Weeks (a fixed width shifted to Mondays, dense) and months (varying widths, hashed).
    R"({"groupBy": [{"name": "week", "field": "created", "bucket": "week", "offsetMinutes": -420}],
       "measures": [{"name": "n", "op": "count"}, {"name": "max", "op": "max", "field": "totalTokens"}]})",
    R"({"groupBy": [{"name": "month", "field": "endedAt", "bucket": "month", "offsetMinutes": 600}],
       "measures": [{"name": "n", "op": "count"}, {"name": "cost", "op": "avg", "field": "cost"}]})",
};

// Equal JSON, numbers within a relative 1e-9 (sums add in another order).
void expect_near(const Json& a, const Json& b, const std::string& where) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::abs(x - y), 1e-9 * std::max(1.0, std::abs(y))) << where << ": " << x << " vs " << y;
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << where << ": " << a.dump() << " vs " << b.dump();
  if (a.is_structured()) {
    ASSERT_EQ(a.size(), b.size()) << where << ": " << a.dump() << "\nvs " << b.dump();
    if (a.is_array())
      for (std::size_t i = 0; i < a.size(); ++i) expect_near(a[i], b[i], where + "[" + std::to_string(i) + "]");
    else
      for (auto it = a.begin(); it != a.end(); ++it) {
        ASSERT_TRUE(b.contains(it.key())) << where << ": no " << it.key();
        expect_near(it.value(), b[it.key()], where + "." + it.key());
      }
    return;
  }
  EXPECT_EQ(a, b) << where;
}

class ColumnAggregateTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({sessions_collection()}));
  }
  Json random_session(int i) {
    static const char* models[] = {"claude-3", "gpt-4o", "", "llama-3", "Claude-opus"};
    static const char* sources[] = {"opencode", "claude-code", ""};
    static const char* projects[] = {"alpha", "", "Ünï ✓", "beta"};
    auto date = [&](int day) {
      char text[40];
      std::snprintf(text, sizeof text, "2026-03-%02d %02d:%02d:%02d.%03dZ", day, static_cast<int>(random() % 24),
                    static_cast<int>(random() % 60), static_cast<int>(random() % 60),
                    static_cast<int>(random() % 1000));
      return std::string(text);
    };
    return Json{{"id", "s" + std::string(14 - std::to_string(i).size(), '0') + std::to_string(i)},
                {"model", models[random() % 5]},
                {"source", sources[random() % 3]},
                {"projectName", projects[random() % 4]},
                {"projectPath", random() % 2 ? "/p/x" : ""},
                {"totalTokens", random() % 7 == 0 ? 100 : static_cast<int>(random() % 5000)},
                {"cost", static_cast<double>(random() % 1000) / 997.0},
                {"isPublic", random() % 4 == 0},
                {"endedAt", random() % 3 == 0 ? "" : date(28 + static_cast<int>(random() % 10) % 4 / 3)},
                {"created", date(1 + static_cast<int>(random() % 5))}};
  }
  // The spec with the filter, run on the columns and as a freshly defined rollup.
  void expect_same(const char* spec_text, const char* filter, const std::string& where) {
    Json spec = Json::parse(spec_text);
    spec["filter"] = filter;
    const Json columns = Json::parse(expect_ok(engine->aggregate("sessions", spec.dump())));
    spec["name"] = "check";
    const Json fresh = Json::parse(expect_ok(engine->define_rollup("sessions", spec.dump())));
    expect_ok(engine->drop_rollup("check"));
    expect_near(columns, fresh, where + " filter " + filter);
  }
  std::mt19937 random{17};
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_F(ColumnAggregateTest, EverySpecAndFilterEqualsARollupOverSqliteRows) {
  Json rows = Json::array();
  for (int i = 0; i < 300; ++i) rows.push_back(random_session(i));
  expect_ok(engine->upsert("sessions", rows.dump(), ""));
  for (std::size_t s = 0; s < std::size(kSpecs); ++s)
    for (const char* filter : kFilters) expect_same(kSpecs[s], filter, "spec " + std::to_string(s));
  // The filters select rows (each shape is exercised, not only empty results).
  const Json all = Json::parse(expect_ok(engine->aggregate("sessions", kSpecs[4])));
  EXPECT_EQ(all["rows"][0]["n"], 300);
}

TEST_F(ColumnAggregateTest, AnEmptyCollectionHasNoGroups) {
  for (std::size_t s = 0; s < std::size(kSpecs); ++s)
    for (const char* filter : kFilters) expect_same(kSpecs[s], filter, "empty, spec " + std::to_string(s));
  EXPECT_EQ(Json::parse(expect_ok(engine->aggregate("sessions", kSpecs[4])))["rows"], Json::array());
}

TEST_F(ColumnAggregateTest, StaysCurrentThroughInsertsUpdatesDeletesAndRejectedRecords) {
  Json first = Json::array();
  for (int i = 0; i < 80; ++i) first.push_back(random_session(i));
  expect_ok(engine->upsert("sessions", first.dump(), ""));
  expect_ok(engine->aggregate("sessions", kSpecs[1]));  // builds the column table
  for (int step = 0; step < 120; ++step) {
    const int i = static_cast<int>(random() % 100);
    switch (random() % 4) {
      case 0:
        expect_ok(engine->apply_server_deletes("sessions", Json::array({random_session(i)["id"]}).dump()));
        break;
      case 1: {  // a page where one record is malformed: the others still apply
        Json bad = random_session(i + 1);
        bad["totalTokens"] = "lots";
        expect_ok(engine->upsert("sessions", Json::array({random_session(i), bad}).dump(), ""));
        break;
      }
      default:
        expect_ok(engine->upsert("sessions", random_session(i).dump(), ""));
    }
    const char* filter = kFilters[static_cast<std::size_t>(step) % std::size(kFilters)];
    expect_same(kSpecs[static_cast<std::size_t>(step) % std::size(kSpecs)], filter, "step " + std::to_string(step));
  }
  const Json stats = Json::parse(expect_ok(engine->column_stats()));
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["collection"], "sessions");
  EXPECT_GT(stats[0]["bytes"].get<int>(), 0);
}

// The one-date-bucket path (its run counting and date range) after every insert, update and
// delete of a seeded random schedule (deletes move the last row into the freed one): the same two
// single-bucket specs after each write, against a fresh rollup over SQLite rows.
TEST_F(ColumnAggregateTest, OneDateBucketFollowsEveryWrite) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  random.seed(seed);
  Json first = Json::array();
  for (int i = 0; i < 60; ++i) first.push_back(random_session(i));
  expect_ok(engine->upsert("sessions", first.dump(), ""));
  for (int step = 0; step < 150; ++step) {
    const int i = static_cast<int>(random() % 90);
    if (random() % 3 == 0)
      expect_ok(engine->apply_server_deletes("sessions", Json::array({random_session(i)["id"]}).dump()));
    else
      expect_ok(engine->upsert("sessions", random_session(i).dump(), ""));
    expect_same(kSpecs[5], "", "day, step " + std::to_string(step));
    expect_same(kSpecs[6], "", "hour of endedAt, step " + std::to_string(step));
  }
}

TEST_F(ColumnAggregateTest, ASchemaChangeRebuildsTheColumns) {
  expect_ok(engine->upsert("sessions", random_session(1).dump(), ""));
  expect_ok(engine->aggregate("sessions", kSpecs[4]));
  Json changed = sessions_collection();
  changed["fields"].push_back(Json{{"id", "f_tier"}, {"name", "tier"}, {"type", "text"}});
  apply_schema_ok(*engine, Json::array({changed}));
  Json session = random_session(2);
  session["tier"] = "gold";
  expect_ok(engine->upsert("sessions", session.dump(), ""));
  const Json tiers = Json::parse(
      expect_ok(engine->aggregate("sessions", R"({"groupBy": ["tier"], "measures": [{"name": "n", "op": "count"}]})")));
  EXPECT_EQ(tiers["rows"], Json::parse(R"([{"tier": "", "n": 1}, {"tier": "gold", "n": 1}])"));
  // Bad input still names what is wrong, and the store stays usable.
  EXPECT_EQ(engine->aggregate("sessions", R"({"measures": [{"op": "count"}], "filter": "tier ="})").error().status,
            400);
  EXPECT_EQ(Json::parse(expect_ok(engine->aggregate("sessions", kSpecs[4])))["rows"][0]["n"], 2);
}
