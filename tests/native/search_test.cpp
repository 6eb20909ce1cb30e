#include "search/fts_query.h"
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

TEST(FtsQuery, QuotesEveryTermSoInputIsNeverSyntax) {
  const auto all = [](std::string_view text) { return to_fts_query(text).value().match; };
  EXPECT_EQ(all("react hook"), "\"react\" \"hook\"");
  EXPECT_EQ(all("\"query plan\" auth*"), "\"query plan\" \"auth\"*");
  EXPECT_EQ(all("\"open phrase"), "\"open phrase\"");
  EXPECT_EQ(all("a\"b"), "\"a\" \"b\"");
  EXPECT_EQ(all("NEAR(x y) title:z -w ^v AND OR"), "\"NEAR(x\" \"y)\" \"title:z\" \"-w\" \"^v\" \"AND\" \"OR\"");
  EXPECT_EQ(to_fts_query("   ").error().code, "empty_search");
  EXPECT_EQ(to_fts_query("* \"\"").error().code, "empty_search");
  EXPECT_EQ(to_fts_query("*", TermMatch::Any).error().code, "empty_search");
}

TEST(FtsQuery, AnyTermDropsStopWordsAndKeepsTheAllTermExpression) {
  const FtsQuery q = to_fts_query("How do I extract a Zip file?", TermMatch::Any).value();
  EXPECT_EQ(q.match, "\"extract\" OR \"Zip\" OR \"file?\"");
  EXPECT_EQ(q.all, "\"extract\" \"Zip\" \"file?\"");
  // Phrases and prefixes are subjects; a question of stop words alone searches them.
  EXPECT_EQ(to_fts_query("\"the end\" wh*", TermMatch::Any).value().match, "\"the end\" OR \"wh\"*");
  EXPECT_EQ(to_fts_query("what is it", TermMatch::Any).value().match, "\"what\" OR \"is\" OR \"it\"");
  EXPECT_EQ(to_fts_query("cache", TermMatch::Any).value().all, "");  // one term: nothing to rank first
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
  EXPECT_EQ(engine->search("things", R"({"query":""})").error().code, "empty_search");
  EXPECT_EQ(engine->search("things", R"({"query":"x","filter":"count >"})").error().code, "invalid_filter");
  Json other = every_type_collection();
  other["id"] = "pbc_2", other["name"] = "others";
  apply_schema_ok(*engine, Json::array({every_type_collection(), other}));
  EXPECT_NE(engine->search("others", R"({"query":"x"})").error().message.find("no search index"), std::string::npos);
}

TEST_F(SearchTest, AnyTermSearchAnswersQuestionsWithEveryTermFirst) {
  // "why does the cache drift": s1 holds cache and drift, s2 only cache; no record holds all words.
  EXPECT_EQ(ids({{"query", "why does the cache drift"}}), Ids{});
  EXPECT_EQ(ids({{"query", "why does the cache drift"}, {"match", "any"}}), (Ids{"s1", "s2"}));
  // s2 mentions the key once in a long body; s5 has "key" twice but not "refresh".
  upsert("s5", "Key key", "key", 5);
  EXPECT_EQ(ids({{"query", "refresh key"}, {"match", "any"}}), (Ids{"s2", "s5"}));
  const Json page = search({{"query", "refresh key"}, {"match", "any"}, {"total", true}, {"limit", 1}});
  EXPECT_EQ(page["total"], 2);
  EXPECT_EQ(engine->search("things", R"({"query":"x","match":"some"})").error().code, "invalid_search");
}

TEST_F(SearchTest, StemmingIsDeclaredPerIndex) {
  upsert("s6", "Extracting archives", "unzipped files", 6);
  EXPECT_EQ(ids({{"query", "extract"}}), Ids{});
  const Json defined =
      Json::parse(expect_ok(engine->define_search("things", R"({"fields":["title","body"],"stemming":true})")));
  EXPECT_EQ(defined["stemming"], true);
  EXPECT_EQ(ids({{"query", "extract"}}), Ids{"s6"});
  EXPECT_EQ(ids({{"query", "archive file"}}), Ids{"s6"});
  // Kept across a reopen and a schema change's rebuild.
  engine.reset();
  engine = open_engine();
  Json def = every_type_collection();
  def["fields"].push_back({{"id", "f_new"}, {"name", "rating"}, {"type", "number"}});
  apply_schema_ok(*engine, Json::array({def}));
  EXPECT_EQ(ids({{"query", "extract"}}), Ids{"s6"});
  EXPECT_EQ(engine->define_search("things", R"({"fields":["title"],"stemming":"yes"})").error().code, "invalid_search");
}
