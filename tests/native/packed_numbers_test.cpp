// Packed number arrays (core/packed_numbers.h): the JSON rendered back holds exactly the numbers
// the text held, float32 is chosen only when that is lossless, and any other text is refused.
#include "core/packed_numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

namespace pocketlite {
namespace {

using Json = nlohmann::json;

std::string render(const std::string& packed) {
  std::string out;
  EXPECT_TRUE(append_packed_json(out, packed));
  return out;
}

// Three kinds of text: the doubles of float32 values (form 4), float32 values printed shortest or
// decimals of at most 6 digits (form 5), and doubles (form 8); the rendered JSON parses to the
// same numbers in every case.
TEST(PackedNumbers, SeededRandomArraysReadBackAsTheSameNumbers) {
  const auto seed = std::random_device{}();
  std::mt19937_64 random(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::uniform_int_distribution<int> length(1, 300), scale(0, 4), digits(1, 6);
  std::normal_distribution<double> normal(0, 1);
  int short_forms = 0;
  for (int round = 0; round < 300; ++round) {
    const int kind = round % 3;
    std::string text = "[";
    for (int i = length(random); i > 0; --i) {
      const double v = normal(random) * std::pow(10.0, scale(random) * 3 - 6);
      char buffer[64];
      if (kind == 0) {
        text += Json(static_cast<double>(static_cast<float>(v))).dump();
      } else if (kind == 1 && i % 2 == 0) {  // float32 shortest text, as an embeddings API prints it
        char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, static_cast<float>(v));
        text.append(buffer, static_cast<std::size_t>(end - buffer));
      } else if (kind == 1) {  // rounded to a few significant digits
        std::snprintf(buffer, sizeof buffer, "%.*g", digits(random), v);
        text += buffer;
      } else {
        text += Json(v).dump();
      }
      text += i > 1 ? "," : "]";
    }
    if (kind == 2) text.insert(1, "0.1000000000000000055511151231257827,");  // one double that is no float32
    const auto packed = pack_numbers(text);
    ASSERT_TRUE(packed) << text;
    const int form = (*packed)[0];
    if (kind == 0)  // 5 when every text is short too (a short array of halves, say)
      EXPECT_TRUE(form == 4 || form == 5) << text;
    else if (kind == 1)
      short_forms += form == 5;
    else
      EXPECT_EQ(form, 8) << text;
    const Json values = Json::parse(text);
    EXPECT_EQ(packed_count(*packed), values.size());
    EXPECT_EQ(Json::parse(render(*packed)), values) << text;
  }
  // A rounded decimal whose float32 Grisu2 writes longer than shortest keeps its array as float64
  // (rare); the values above are checked either way.
  EXPECT_GE(short_forms, 98);
}

TEST(PackedNumbers, KeepsTheNumbersOfTextAsWritten) {
  const std::string text = R"( [ -0.0069754426, 1e-7 ,3, -0, 1.5E+3, 0.12345679104328156 ] )";
  const auto packed = pack_numbers(text);
  ASSERT_TRUE(packed);
  EXPECT_EQ(Json::parse(render(*packed)), Json::parse(text));
  float floats[6];
  ASSERT_TRUE(unpack_floats(*packed, floats, 6));
  EXPECT_EQ(floats[0], -0.0069754426f);
  EXPECT_FALSE(unpack_floats(*packed, floats, 5));  // another dimension is not this vector
  // OpenAI's JSON prints float32 values shortest: packed as float32, rendered as the same text.
  const std::string api = "[-0.0069754426,0.0213456,-0.017891396,0.0,1e-05]";
  const auto from_api = pack_numbers(api);
  ASSERT_TRUE(from_api);
  EXPECT_EQ(from_api->size(), 1 + 5 * 4u);
  EXPECT_EQ((*from_api)[0], 5);
  EXPECT_EQ(Json::parse(render(*from_api)), Json::parse(api));
}

TEST(PackedNumbers, RefusesEverythingElse) {
  for (const char* text : {"", "[]", "[ ]", "[1,2", "[1,]", "[1 2]", "[1,\"2\"]", "[1,[2]]", "[null]", "[1e999]",
                           "{\"a\":1}", "\"[1]\"", "[1]x", "[NaN]", "[Infinity]", "[+1]"})
    EXPECT_FALSE(pack_numbers(text)) << text;
  std::string out = "x";
  for (const std::string& blob : {std::string(), std::string("\x04"), std::string("\x04\x01\x02"),
                                  std::string("\x03\x00\x00\x00", 4), std::string("\x08\x00\x00\x00\x00", 5)}) {
    EXPECT_FALSE(packed_count(blob));
    EXPECT_FALSE(append_packed_json(out, blob));
  }
  EXPECT_EQ(out, "x");
}

}  // namespace
}  // namespace pocketlite
