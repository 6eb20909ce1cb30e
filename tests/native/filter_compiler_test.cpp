#include "query/filter_compiler.h"

#include "query/filter_parser.h"
#include "test_support.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

class FilterCompilerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({every_type_collection()}));
    Json page = Json::array();
    for (int i = 0; i < 6; ++i) {
      Json r = every_type_record("rec00000000000" + std::to_string(i));
      r["title"] = i == 0 ? "x' OR 1=1 --" : "t" + std::to_string(i);
      r["count"] = i;
      r["tags"] = i % 2 == 0 ? Json::array({"x"}) : Json::array({"x", "y"});
      if (i == 5) r["tags"] = Json::array();
      page.push_back(r);
    }
    expect_ok(engine->upsert("things", page.dump(), ""));
  }
  std::vector<std::string> ids(const std::string& filter) {
    const Json options{{"filter", filter}, {"sort", "id"}, {"now", 1767225600000}};  // 2026-01-01
    const Json page = Json::parse(expect_ok(engine->get_list("things", options.dump())));
    std::vector<std::string> out;
    for (const auto& r : page["items"]) out.push_back(r["id"].get<std::string>().substr(14));
    return out;
  }
  std::unique_ptr<Engine> engine;
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_F(FilterCompilerTest, BindsEveryValueAndNeverSplicesIt) {
  auto c = parse_collection(every_type_collection()).value();
  FilterContext context;
  context.root = &c;
  context.lookup = [](std::string_view) { return nullptr; };
  CompiledSql out;
  ASSERT_TRUE(compile_filter(parse_filter("title = \"x' OR 1=1 --\" || count > 3").value(), context, out).ok());
  EXPECT_EQ(out.sql.find("OR 1=1"), std::string::npos) << out.sql;
  ASSERT_EQ(out.params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(out.params[0]), "x' OR 1=1 --");
  EXPECT_EQ(ids("title = \"x' OR 1=1 --\""), Ids{"0"});  // matched as data, exactly
}

TEST_F(FilterCompilerTest, RefusesUnknownNamesAndInjectedSorts) {
  EXPECT_EQ(engine->get_list("things", R"({"filter":"nope = 1"})").error().code, "invalid_filter");
  EXPECT_EQ(engine->get_list("things", R"({"filter":"secret = 'x'"})").error().code, "invalid_filter");  // hidden
  EXPECT_EQ(engine->get_list("things", R"({"sort":"title; DROP TABLE things"})").error().code, "invalid_sort");
  EXPECT_EQ(engine->get_list("things", R"({"filter":"@request.auth.id != ''"})").error().status, 403);
  for (const char* sort : {"-count,", "id,,title", ","})
    EXPECT_EQ(engine->get_list("things", Json{{"sort", sort}}.dump()).error().code, "invalid_sort") << sort;
  EXPECT_TRUE(engine->get_list("things", R"({"sort":"-count, title"})").ok());
  EXPECT_EQ(expect_ok(engine->count("things")), "6");  // still all there
}

TEST_F(FilterCompilerTest, AppliesPocketBaseComparisonRules) {
  EXPECT_EQ(ids("count >= 4"), (Ids{"4", "5"}));
  EXPECT_EQ(ids("count = 2 || count = 3 && title = 't3'"), (Ids{"2", "3"}));  // AND binds first, as in SQL
  EXPECT_EQ(ids("(count = 2 || count = 3) && title = 't3'"), (Ids{"3"}));
  EXPECT_EQ(ids("title ~ 'T1'"), (Ids{"1"}));                      // LIKE is ASCII case-insensitive
  EXPECT_EQ(ids("title ~ 't%'"), (Ids{"1", "2", "3", "4", "5"}));  // an explicit % is not wrapped
  EXPECT_EQ(ids("title ~ '%OR 1=1%' && title !~ 'zzz'"), (Ids{"0"}));
  EXPECT_EQ(ids("file = ''"), (Ids{"0", "1", "2", "3", "4", "5"}));
  EXPECT_EQ(ids("file = null"), (Ids{"0", "1", "2", "3", "4", "5"}));  // null and "" are equal
  EXPECT_EQ(ids("file != ''"), Ids{});
}

TEST_F(FilterCompilerTest, LikePatternsAndKeywordsAreTheServers) {
  auto c = parse_collection(every_type_collection()).value();
  FilterContext context;
  context.root = &c;
  context.lookup = [](std::string_view) { return nullptr; };
  auto pattern = [&](const std::string& filter) {
    CompiledSql out;
    EXPECT_TRUE(compile_filter(parse_filter(filter).value(), context, out).ok()) << filter;
    return out.params.empty() ? std::string() : std::get<std::string>(out.params.back());
  };
  // Numbers as Go prints them; backslashes escaped only where none is already.
  EXPECT_EQ(pattern("title ~ 5.0"), "%5%");
  EXPECT_EQ(pattern("title ~ 0.250"), "%0.25%");
  EXPECT_EQ(pattern("title ~ 1000000000000000000000"), "%1000000000000000000000%");
  EXPECT_EQ(pattern(R"(title ~ "a_b")"), R"(%a\_b%)");
  EXPECT_EQ(pattern(R"(title ~ "a\%b")"), R"(%a\%b%)");  // \% stays escaped
  EXPECT_EQ(pattern(R"(title ~ "C:\dev")"), R"(%C:\\dev%)");
  EXPECT_EQ(pattern(R"(title ~ "50%")"), "50%");  // an unescaped % is the user's pattern
  EXPECT_EQ(ids("done = TRUE"), ids("done = true"));
  EXPECT_EQ(ids("done = False"), ids("done = false"));
  EXPECT_EQ(ids("file = NULL"), ids("file = null"));
}

TEST_F(FilterCompilerTest, ListFieldsCompareAsTextAndEachComparesTheirValues) {
  // As PocketBase: a list field is its JSON text; :each reads its values (all, or ?-any).
  EXPECT_EQ(ids("tags ~ 'y'"), (Ids{"1", "3"}));
  EXPECT_EQ(ids("tags ?= 'y'"), Ids{});
  EXPECT_EQ(ids("tags:each ?= 'y'"), (Ids{"1", "3"}));
  EXPECT_EQ(ids("tags:each = 'x'"), (Ids{"0", "2", "4"}));  // every value, and at least one
  EXPECT_EQ(ids("tags:each != 'y'"), (Ids{"0", "2", "4", "5"}));
  EXPECT_EQ(ids("'y' ?= tags:each"), (Ids{"1", "3"}));  // either side
  EXPECT_EQ(ids("tags:length = 2"), (Ids{"1", "3"}));
  EXPECT_EQ(ids("tags:length = 0"), (Ids{"5"}));
  EXPECT_EQ(ids("title:each = 't1'"), Ids{"1"});  // not a list: the modifier is ignored
}

TEST_F(FilterCompilerTest, FunctionsFormatDatesAndMeasureDistances) {
  EXPECT_EQ(ids("strftime('%Y-%m', created) = '2026-01' && count < 2"), (Ids{"0", "1"}));
  EXPECT_EQ(ids("strftime('%d', created, '+1 day') = '02'").size(), 6u);
  EXPECT_EQ(ids("strftime('%Y', @now) = '2026' && count = 3"), Ids{"3"});
  EXPECT_EQ(ids("geoDistance(0, 0, 0, 1) > 111 && geoDistance(0, 0, 0, 1) < 112 && count = 0"), Ids{"0"});
  EXPECT_EQ(engine->get_list("things", R"({"filter":"strftime(1) = 1"})").error().code, "invalid_filter");
  EXPECT_EQ(engine->get_list("things", R"({"filter":"nope(1) = 1"})").error().message, "unknown function 'nope' at 0");
}

TEST_F(FilterCompilerTest, DateMacrosUseTheCallersClock) {
  // Records were created 2026-01-01 00:00:00.000Z; the clock says 2026-01-01 00:00 too.
  EXPECT_EQ(ids("created >= @todayStart && created <= @todayEnd").size(), 6u);
  EXPECT_EQ(ids("created > @now").size(), 0u);
  EXPECT_EQ(ids("created < @tomorrow && created > @yesterday").size(), 6u);
  EXPECT_EQ(ids("@year = 2026 && @month = 1 && @weekday = 4").size(), 6u);  // a Thursday
}

TEST_F(FilterCompilerTest, JsonPathsReadNestedValues) {
  EXPECT_EQ(ids("meta.nested.2.k = null").size(), 6u);
  EXPECT_EQ(ids("meta.s = 'ü'").size(), 6u);
  EXPECT_EQ(ids("meta.nested.0 = 1").size(), 6u);
}
