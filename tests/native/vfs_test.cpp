// Crash safety of the VFS + rollback journal: a simulated power cut freezes storage after N
// operations in the middle of a transaction; after reopening, the data is as before or after it.
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

Json page_of(int start, int n) {
  Json page = Json::array();
  for (int i = start; i < start + n; ++i) {
    Json r = every_type_record("rec" + std::to_string(100000000000 + i));
    r["title"] = "t" + std::to_string(i);
    page.push_back(r);
  }
  return page;
}

}  // namespace

TEST_F(EngineTest, EveryCrashPointLeavesACommittedStateAfterReopen) {
  int crashes_seen = 0;
  for (int budget = 0; budget < 80; budget += 2) {
    native_store::reset();
    {
      auto engine = open_engine();
      apply_schema_ok(*engine, Json::array({every_type_collection()}));
      expect_ok(engine->upsert("things", page_of(0, 50).dump(), ""));
      native_store::crash_after(budget);
      auto result = engine->upsert("things", page_of(50, 150).dump(), "");
      crashes_seen += result.ok() ? 0 : 1;
      if (!result.ok()) {
        EXPECT_EQ(result.error().status, 500);
      }
    }  // the engine is dropped while storage is frozen, like a killed process
    native_store::crash_after(-1);
    auto engine = open_engine();
    const std::string count = expect_ok(engine->count("things"));
    EXPECT_TRUE(count == "50" || count == "200") << "budget " << budget << " left " << count << " rows";
    EXPECT_EQ(Json::parse(expect_ok(engine->get_one("things", "rec100000000049")))["title"], "t49");
  }
  EXPECT_GT(crashes_seen, 20);  // most budgets fall inside the transaction
}

TEST_F(EngineTest, QuotaErrorRollsBackAndTheReplicaStaysUsable) {
  auto engine = open_engine();
  apply_schema_ok(*engine, Json::array({every_type_collection()}));
  expect_ok(engine->upsert("things", page_of(0, 10).dump(), ""));
  native_store::set_quota(native_store::file_size("test.db") + 8192);
  auto result = engine->upsert("things", page_of(10, 2000).dump(), "");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "storage_full");
  EXPECT_NE(result.error().message.find("quota exceeded"), std::string::npos) << result.error().message;
  EXPECT_EQ(expect_ok(engine->count("things")), "10");
  native_store::set_quota(-1);
  expect_ok(engine->upsert("things", page_of(10, 20).dump(), ""));
  EXPECT_EQ(expect_ok(engine->count("things")), "30");
}
