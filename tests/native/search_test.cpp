#include "search/fts_query.h"
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

TEST(FtsQuery, QuotesEveryTermSoInputIsNeverSyntax) {
  EXPECT_EQ(to_fts_query("react hook").value(), "\"react\" \"hook\"");
  EXPECT_EQ(to_fts_query("\"query plan\" auth*").value(), "\"query plan\" \"auth\"*");
  EXPECT_EQ(to_fts_query("\"open phrase").value(), "\"open phrase\"");
  EXPECT_EQ(to_fts_query("a\"b").value(), "\"a\" \"b\"");
  EXPECT_EQ(to_fts_query("NEAR(x y) title:z -w ^v AND OR").value(),
            "\"NEAR(x\" \"y)\" \"title:z\" \"-w\" \"^v\" \"AND\" \"OR\"");
  EXPECT_EQ(to_fts_query("   ").error().code, "invalid_search");
  EXPECT_EQ(to_fts_query("* \"\"").error().code, "invalid_search");
}

namespace {

class SearchTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({every_type_collection()}));
    upsert("s1", "Cache invalidation", "<p>Why the cache & the <b>index</b> drift</p>", 1);
    upsert("s2", "Auth tokens", "refresh the token before expiry; cache the key", 2);
    upsert("s3", "Query plans", "the planner picks an index scan", 3);
    ASSERT_TRUE(engine->define_search("things", R"(["title", "body"])").ok());
  }
  void upsert(const std::string& suffix, const std::string& title, const std::string& body, int count) {
    Json r = every_type_record("search000000" + suffix);
    r["title"] = title, r["body"] = body, r["count"] = count;
    expect_ok(engine->upsert("things", r.dump(), ""));
  }
  Json search(const Json& options) { return Json::parse(expect_ok(engine->search("things", options.dump()))); }
  std::vector<std::string> ids(const Json& options) {
    std::vector<std::string> out;
    const Json result = search(options);
    for (const auto& item : result["items"]) out.push_back(item["record"]["id"].get<std::string>().substr(12));
    return out;
  }
  std::unique_ptr<Engine> engine;
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_F(SearchTest, RanksMatchesAndHighlightsThemSafely) {
  const Json result = search({{"query", "cache"}, {"total", true}});
  ASSERT_EQ(result["items"].size(), 2u);
  EXPECT_EQ(result["total"], 2);
  EXPECT_EQ(result["items"][0]["record"]["id"], "search000000s1");  // in the title and the body
  EXPECT_GT(result["items"][0]["score"].get<double>(), result["items"][1]["score"].get<double>());
  EXPECT_EQ(result["items"][0]["highlights"]["title"], "<mark>Cache</mark> invalidation");
  EXPECT_EQ(result["items"][0]["highlights"]["body"],
            "&lt;p&gt;Why the <mark>cache</mark> &amp; the &lt;b&gt;index&lt;/b&gt; drift&lt;/p&gt;");
  EXPECT_EQ(result["items"][0]["record"]["title"], "Cache invalidation");
}

TEST_F(SearchTest, SupportsPrefixPhraseAndAFilter) {
  EXPECT_EQ(ids({{"query", "tok*"}}), Ids{"s2"});
  EXPECT_EQ(ids({{"query", "\"index scan\""}}), Ids{"s3"});
  EXPECT_EQ(ids({{"query", "\"scan index\""}}), Ids{});
  EXPECT_EQ(ids({{"query", "index"}, {"filter", "count >= 2"}}), Ids{"s3"});
  EXPECT_EQ(ids({{"query", "cach*"}, {"filter", "title ~ 'auth'"}}), Ids{"s2"});
}

TEST_F(SearchTest, PaginatesWithACursor) {
  for (int i = 0; i < 5; ++i) upsert("p" + std::to_string(i), "paging " + std::to_string(i), "same words", 9);
  const Json first = search({{"query", "paging"}, {"limit", 2}});
  ASSERT_EQ(first["items"].size(), 2u);
  ASSERT_EQ(first["nextCursor"], "2");
  const Json second = search({{"query", "paging"}, {"limit", 2}, {"cursor", "2"}});
  const Json last = search({{"query", "paging"}, {"limit", 2}, {"cursor", "4"}});
  EXPECT_EQ(last["items"].size(), 1u);
  EXPECT_TRUE(last["nextCursor"].is_null());
  EXPECT_NE(first["items"][0]["record"]["id"], second["items"][0]["record"]["id"]);
}

TEST_F(SearchTest, StaysCurrentThroughUpdatesDeletesAndSchemaChanges) {
  upsert("s2", "Auth sessions", "cookies now", 2);  // an update replaces the indexed text
  EXPECT_EQ(ids({{"query", "token"}}), Ids{});
  EXPECT_EQ(ids({{"query", "cookies"}}), Ids{"s2"});
  expect_ok(engine->local_delete("things", "search000000s3"));
  EXPECT_EQ(ids({{"query", "planner"}}), Ids{});
  Json def = every_type_collection();
  def["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  apply_schema_ok(*engine, Json::array({def}));  // the table is rebuilt: rowids change
  EXPECT_EQ(ids({{"query", "cookies"}}), Ids{"s2"});
  upsert("s4", "After migration", "cookies again", 4);
  EXPECT_EQ(ids({{"query", "cookies"}}), (Ids{"s2", "s4"}));
}

TEST_F(SearchTest, ExplainsWhatCannotBeSearched) {
  EXPECT_EQ(engine->define_search("things", R"(["count"])").error().code, "invalid_search");
  EXPECT_EQ(engine->define_search("things", R"(["ghost"])").error().code, "invalid_search");
  EXPECT_EQ(engine->search("things", R"({"query":""})").error().code, "invalid_search");
  EXPECT_EQ(engine->search("things", R"({"query":"x","filter":"count >"})").error().code, "invalid_filter");
  Json other = every_type_collection();
  other["id"] = "pbc_2", other["name"] = "others";
  apply_schema_ok(*engine, Json::array({every_type_collection(), other}));
  EXPECT_NE(engine->search("others", R"({"query":"x"})").error().message.find("no search index"), std::string::npos);
}
