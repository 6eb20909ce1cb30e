#include <algorithm>
#include <random>

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

// The index is written through a queue handed to FTS5 at commit: whatever the writes of a
// transaction (inserts, the same record twice, updates, deletes), a search finds exactly the
// records whose text holds the word. Seeded; the seed is in the failure message.
TEST_F(SearchTest, QueuedIndexMatchesTheRecordsAfterRandomTransactions) {
  const unsigned seed = 2026;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  const std::vector<std::string> words{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
  std::map<std::string, std::string> bodies;  // the oracle: what each live record's body holds
  int version = 10;
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 80; ++round) {
    if (pick(4) == 0 && !bodies.empty()) {
      auto it = std::next(bodies.begin(), pick(static_cast<int>(bodies.size())));
      expect_ok(engine->apply_server_deletes("things", Json::array({"search000000" + it->first}).dump()));
      bodies.erase(it);
    } else {
      Json page = Json::array();
      for (int n = 1 + pick(8); n > 0; --n) {
        const std::string suffix = "r" + std::to_string(10 + pick(20));
        std::string body;
        for (int w = 1 + pick(3); w > 0; --w) body += words[static_cast<std::size_t>(pick(6))] + " ";
        Json r = every_type_record("search000000" + suffix);
        r["title"] = "t", r["body"] = body;
        r["updated"] = "2026-02-01 00:00:00." + std::to_string(100 + ++version) + "Z";
        page.push_back(r);
        bodies[suffix] = body;
      }
      expect_ok(engine->upsert("things", page.dump(), ""));
    }
    for (const auto& word : words) {
      Ids expected;
      for (const auto& [suffix, body] : bodies)
        if (body.find(word) != std::string::npos) expected.push_back(suffix);
      Ids found = ids({{"query", word}, {"limit", 100}});
      std::sort(found.begin(), found.end());
      ASSERT_EQ(found, expected) << "round " << round << ", word " << word;
    }
  }
}

// A replica written before the queue has triggers that write FTS5 directly: the open moves it onto
// the queue and keeps the index it has.
TEST_F(SearchTest, AnOpenMovesAnIndexWithDirectTriggersOntoTheQueue) {
  engine.reset();
  // The store has no shared memory: a WAL database opens only with exclusive locking.
  const auto open_raw = [] {
    auto db = expect_ok(Database::open("test.db", nullptr));
    EXPECT_TRUE(db.exec("PRAGMA locking_mode = EXCLUSIVE").ok());
    return db;
  };
  const auto sql_of = [&](const std::string& name) {
    auto db = open_raw();
    auto st = expect_ok(db.prepare("SELECT sql FROM sqlite_schema WHERE name = ?1"));
    st.bind_text(1, name);
    return expect_ok(st.step()) ? std::string(st.column_text(0)) : std::string();
  };
  {
    auto db = open_raw();
    const auto r = db.exec(
        "DROP TRIGGER _pl_fts_things_ai; DROP TRIGGER _pl_fts_things_ad; "
        "DROP TRIGGER _pl_fts_things_au; DROP TABLE _pl_ftq_things; "
        "CREATE TRIGGER _pl_fts_things_ai AFTER INSERT ON things BEGIN INSERT INTO _pl_fts_things "
        "(rowid, title, body) VALUES (new.rowid, new.title, new.body); END");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(sql_of("_pl_ftq_things"), "");
  engine = open_engine();
  EXPECT_EQ(ids({{"query", "planner"}}), Ids{"s3"});  // the index kept
  upsert("s1", "Cache", "zebra stripes", 9);          // an update: the old text leaves the index
  EXPECT_EQ(ids({{"query", "zebra"}}), Ids{"s1"});
  EXPECT_EQ(ids({{"query", "drift"}}), Ids{});
  engine.reset();
  EXPECT_NE(sql_of("_pl_ftq_things"), "");
  EXPECT_NE(sql_of("_pl_fts_things_au").find("_pl_ftq_things"), std::string::npos);
}

// A schema change that only adds an index moves no row: the search index is kept as it is, not
// rebuilt (which reads every record: seconds for an app declaring a local index on a large table).
TEST_F(SearchTest, AnIndexOnlySchemaChangeKeepsTheSearchIndex) {
  for (int i = 4; i < 8; ++i) upsert("s" + std::to_string(i), "more", "cache line " + std::to_string(i), i);
  const auto segments = [&] {  // the FTS5 data rows: one rebuild would merge the commits' segments
    engine.reset();
    auto db = expect_ok(Database::open("test.db", nullptr));
    EXPECT_TRUE(db.exec("PRAGMA locking_mode = EXCLUSIVE").ok());
    auto st = expect_ok(db.prepare("SELECT count(*) FROM _pl_fts_things_data"));
    EXPECT_TRUE(expect_ok(st.step()));
    const std::int64_t n = st.column_int(0);
    st = {};
    db = {};
    engine = open_engine();
    return n;
  };
  const std::int64_t before = segments();
  Json def = every_type_collection();
  def["indexes"] = Json::array({"CREATE INDEX x ON things (count, title)"});
  const Json summary = Json::parse(expect_ok(engine->apply_schema(Json::array({def}).dump(), "")));
  ASSERT_EQ(summary["migrated"].size(), 1u);
  EXPECT_EQ(segments(), before);
  EXPECT_EQ(ids({{"query", "cache"}, {"limit", 100}}).size(), 6u);  // s1, s2 and the four above
}
