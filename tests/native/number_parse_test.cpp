#include "core/number_parse.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using pocketlite::parse_number;

// parse_number replaced strtod on the hot paths: on every number it reads it must give strtod's
// double, bit for bit (both round correctly). Runs natively and in wasm (the runtime it ships to).
TEST(NumberParse, AgreesWithStrtodOnRandomNumbers) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-320, 308), digits(1, 17);
  char text[64];
  for (int i = 0; i < 200000; ++i) {
    const double value = unit(random) * std::pow(10.0, exponent(random) % 40);
    const int n = i % 3 == 0 ? std::snprintf(text, sizeof text, "%.*g", digits(random), value)
                             : std::snprintf(text, sizeof text, "%.17g", std::ldexp(unit(random), exponent(random)));
    const std::string s(text, static_cast<std::size_t>(n));
    const auto parsed = parse_number(s);
    ASSERT_TRUE(parsed.has_value()) << s;
    ASSERT_EQ(*parsed, std::strtod(s.c_str(), nullptr)) << s;
  }
}

TEST(NumberParse, ReadsJsonNumberForms) {
  EXPECT_EQ(parse_number("0"), 0.0);
  EXPECT_EQ(parse_number("-0.5"), -0.5);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  EXPECT_EQ(parse_number("2.5E-3"), 0.0025);
  EXPECT_EQ(parse_number("9007199254740993"), 9007199254740992.0);  // rounds to nearest even
  EXPECT_EQ(parse_number("1e-400"), 0.0);                           // underflows to zero, as strtod
  EXPECT_TRUE(std::isinf(*parse_number("1e400")));                  // callers needing finite check
}

TEST(NumberParse, RefusesWhatIsNotOneWholeNumber) {
  for (const char* bad : {"", "-", "1.2.3", "12a", " 1", "1 ", "abc", "--1", "1e", "0x10"})
    EXPECT_FALSE(parse_number(bad).has_value()) << '"' << bad << '"';
}

TEST(NumberParse, PrefixReadsUpToTheFirstCharacterNotOfTheNumber) {
  double value = 0;
  EXPECT_EQ(pocketlite::parse_number_prefix("-1.25e2, 3]", value), 7u);
  EXPECT_EQ(value, -125.0);
  EXPECT_EQ(pocketlite::parse_number_prefix("0.5]", value), 3u);
  EXPECT_EQ(pocketlite::parse_number_prefix("x1", value), 0u);
  EXPECT_EQ(pocketlite::parse_number_prefix("", value), 0u);
}
