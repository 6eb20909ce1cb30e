// Local write checks: values cast as PocketBase casts them, then the collection's constraints with
// PocketBase's codes (tests/pocketbase/constraints-differential.test.ts compares with a server).
#include "db/field_constraints.h"

#include "db/field_cast.h"
#include "test_support.h"

using namespace pocketlite;

namespace {

Field field(const Json& definition) {
  Json schema = Json::array({{{"id", "c"}, {"name", "c"}, {"type", "base"}, {"fields", Json::array({definition})}}});
  auto parsed = parse_schema(schema);
  EXPECT_TRUE(parsed.ok());
  return parsed.value()[0].fields[0];
}

// The code check_constraints puts for `value` (JSON text; "" for an absent value), or "".
std::string code(const Field& f, const std::string& value) {
  Json errors = Json::object();
  JsonScanner scanner(value);
  auto span = value.empty() ? Result<JsonSpan>(JsonSpan{}) : scanner.value();
  check_constraints(f, value.empty() ? nullptr : &span.value(), errors);
  return errors.contains(f.name) ? errors[f.name]["code"].get<std::string>() : "";
}

}  // namespace

TEST(FieldCast, CastsLikePocketBase) {
  EXPECT_EQ(cast_written_value(field({{"name", "t"}, {"type", "text"}}), 5), "5");
  EXPECT_EQ(cast_written_value(field({{"name", "t"}, {"type", "text"}}), 1.5), "1.5");
  EXPECT_EQ(cast_written_value(field({{"name", "t"}, {"type", "text"}}), nullptr), "");
  EXPECT_EQ(cast_written_value(field({{"name", "n"}, {"type", "number"}}), "5"), 5);
  EXPECT_EQ(cast_written_value(field({{"name", "n"}, {"type", "number"}}), "abc"), 0);
  EXPECT_EQ(cast_written_value(field({{"name", "b"}, {"type", "bool"}}), "true"), true);
  EXPECT_EQ(cast_written_value(field({{"name", "b"}, {"type", "bool"}}), "yes"), false);
  const Field multi = field({{"name", "m"}, {"type", "select"}, {"values", {"a", "b"}}, {"maxSelect", 2}});
  EXPECT_EQ(cast_written_value(multi, "a"), Json::array({"a"}));
}

TEST(FieldConstraints, UsesPocketBaseCodes) {
  const Field text = field({{"name", "t"}, {"type", "text"}, {"min", 2}, {"max", 4}, {"required", true}});
  EXPECT_EQ(code(text, ""), "validation_required");
  EXPECT_EQ(code(text, R"("a")"), "validation_min_text_constraint");
  EXPECT_EQ(code(text, R"("abcde")"), "validation_max_text_constraint");
  EXPECT_EQ(code(text, R"("abc")"), "");
  const Field number = field({{"name", "n"}, {"type", "number"}, {"min", 1}, {"max", 9}, {"onlyInt", true}});
  EXPECT_EQ(code(number, "1.5"), "validation_only_int_constraint");
  EXPECT_EQ(code(number, "10"), "validation_max_number_constraint");
  EXPECT_EQ(code(number, "0"), "");  // zero is "empty": bounds apply to values
  const Field email = field({{"name", "e"}, {"type", "email"}, {"exceptDomains", {"spam.test"}}});
  EXPECT_EQ(code(email, R"("x@y")"), "validation_is_email");
  EXPECT_EQ(code(email, R"("x@SPAM.test")"), "validation_email_domain_not_allowed");
  const Field date = field({{"name", "d"}, {"type", "date"}, {"min", "2020-01-01 00:00:00.000Z"}});
  EXPECT_EQ(code(date, R"("2019-12-31 23:59:59.999Z")"), "validation_min_greater_equal_than_required");
  const Field json = field({{"name", "j"}, {"type", "json"}, {"maxSize", 5}});
  EXPECT_EQ(code(json, R"([1,2,3])"), "validation_json_size_limit");
}
