#include "query/filter_parser.h"

#include <gtest/gtest.h>

using namespace pocketlite;

TEST(FilterParser, KeepsJoinsAsWrittenAndNestsGroups) {
  auto expr = parse_filter("a = 1 || (b != 'x' && c ~ \"y\") && d ?>= -2.5");
  ASSERT_TRUE(expr.ok()) << expr.error().message;
  const auto& items = expr.value().items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].join, "||");
  ASSERT_TRUE(items[1].group);
  EXPECT_EQ(items[1].group->items[1].comparison->op, "~");
  EXPECT_EQ(items[2].comparison->op, "?>=");
  EXPECT_EQ(items[2].comparison->right.text, "-2.5");
}

TEST(FilterParser, DecodesQuotesAndEscapesAndSkipsComments) {
  auto expr = parse_filter("// leading comment\ntitle = 'it\\'s \"x\" \\\\ \\n' // trailing");
  ASSERT_TRUE(expr.ok()) << expr.error().message;
  EXPECT_EQ(expr.value().items[0].comparison->right.text, "it's \"x\" \\ \n");
  EXPECT_TRUE(parse_filter("").value().items.empty());  // no filter: everything
  // The server keeps the backslash of any other escape.
  EXPECT_EQ(parse_filter(R"(title = "C:\dev \% \'")").value().items[0].comparison->right.text, R"(C:\dev \% \')");
}

TEST(FilterParser, RefusesWhatTheServerRefuses) {
  for (const char* text : {"  // only a comment", " \n\t ", "n > 1\r\n && n < 2"})
    EXPECT_FALSE(parse_filter(text).ok()) << text;
  EXPECT_EQ(parse_filter("   ").error().message, "empty filter expression at 0");
}

TEST(FilterParser, NamesTheProblemAndItsPosition) {
  auto check = [](const char* text, const char* message) {
    auto result = parse_filter(text);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.error().code, "invalid_filter");
    EXPECT_EQ(result.error().message, message) << text;
  };
  check("title = \"a\")", "unexpected ')' at 11");
  check("(title = \"a\"", "unexpected end of filter at 12");
  check("title = ", "unexpected end of filter at 8");
  check("title === 'a'", "unexpected '=' at 7");
  check("title = 'open", "unterminated string at 8");
  check("n > 1.", "invalid number '1.' at 4");
  check("n > .5", "unexpected '.' at 4");
  check("a.b. = 1", "invalid identifier 'a.b.' at 0");
  check("()", "unexpected ')' at 1");
  check("title = $x", "unexpected '$' at 8");
  check("strftime('%Y', created = 1", "expected ',' or ')' in the arguments of strftime() at 23");
  check("f(g(h(i(1)))) = 1", "functions may be nested at most 3 deep at 6");
  check("f(1,) = 1", "unexpected ')' at 4");
}

TEST(FilterParser, ReadsFunctionCallsWithTheirArguments) {
  auto parsed = parse_filter("strftime('%Y-%m', created, \"start of month\") = geoDistance(a.lon, -1.5, 2, b)");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const FilterComparison& c = *parsed.value().items[0].comparison;
  EXPECT_EQ(c.left.kind, FilterOperand::Function);
  EXPECT_EQ(c.left.text, "strftime");
  ASSERT_EQ(c.left.args.size(), 3u);
  EXPECT_EQ(c.left.args[0].text, "%Y-%m");
  EXPECT_EQ(c.left.args[1].kind, FilterOperand::Identifier);
  EXPECT_EQ(c.left.args[2].text, "start of month");
  EXPECT_EQ(c.right.text, "geoDistance");
  ASSERT_EQ(c.right.args.size(), 4u);
  EXPECT_EQ(c.right.args[1].kind, FilterOperand::Number);
  EXPECT_EQ(c.right.args[1].text, "-1.5");
  EXPECT_TRUE(parse_filter("f() = 1 && f( g( 1 ) , 'x' ) = 2").ok());
}

TEST(FilterParser, EnforcesPocketBaseLimits) {
  std::string many = "a = 1";
  for (int i = 0; i < 200; ++i) many += " && a = 1";
  EXPECT_NE(parse_filter(many).error().message.find("more than 200 expressions"), std::string::npos);
  EXPECT_NE(parse_filter(std::string(3501, ' ')).error().message.find("longer than 3500"), std::string::npos);
}

TEST(FilterParser, SurvivesArbitraryInput) {
  // A deterministic stand-in for fuzzing: random byte strings and random token soup never crash
  // the parser, and every failure is an invalid_filter error with a position inside the input.
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  const char* pieces[] = {"a", "b.c", "'x'", "\"y\"", "1",     "-2.5", "(",  ")",  "&&", "||",
                          "=", "!=",  "?~",  " ",     "//c\n", "@now", "\\", "f(", ","};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(next() % 40);
    for (int i = 0; i < length; ++i) {
      if (round % 2 == 0)
        text += static_cast<char>(next() % 256);
      else
        text += pieces[next() % (sizeof pieces / sizeof *pieces)];
    }
    auto result = parse_filter(text);
    if (!result.ok()) {
      EXPECT_EQ(result.error().code, "invalid_filter");
      EXPECT_LE(result.error().data["position"].get<std::size_t>(), text.size());
    }
  }
}
