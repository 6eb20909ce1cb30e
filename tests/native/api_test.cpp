#include "api/api.h"

#include "test_support.h"

using namespace pocketlite;
namespace api = pocketlite::api;

using ApiTest = test::EngineTest;

TEST_F(ApiTest, RepliesAreJsonOrMarkedErrors) {
  const std::string handle = api::open("api.db", "u");
  ASSERT_NE(handle[0], api::kErrorMark);
  const int h = std::stoi(handle);
  EXPECT_EQ(api::apply_schema(h, Json::array({test::every_type_collection()}).dump(), "")[0], '{');
  const std::string error = api::get_one(h, "things", "missing");
  ASSERT_EQ(error[0], api::kErrorMark);
  const Json envelope = Json::parse(error.substr(1));
  EXPECT_EQ(envelope["status"], 404);
  EXPECT_EQ(envelope["data"], Json::object());
  EXPECT_EQ(api::open("api.db", "u")[0], api::kErrorMark);  // one connection per replica
  EXPECT_EQ(api::close(h), "true");
  EXPECT_EQ(Json::parse(api::count(h, "things", "").substr(1))["code"], "replica_closed");
}

TEST_F(ApiTest, OptionsOfTheWrongTypeAreErrorsNotAborts) {
  const int h = std::stoi(api::open("options.db", "u"));
  api::apply_schema(h, Json::array({test::every_type_collection()}).dump(), "");
  ASSERT_EQ(api::define_search(h, "things", R"(["title"])")[0], '{');
  for (const char* options : {R"({"filter": 1})", R"({"sort": []})", R"({"page": "2"})", R"({"perPage": {}})",
                              R"({"skipTotal": "yes"})", R"({"all": 1})", R"({"now": "today"})", R"([1])", "nope"}) {
    const std::string reply = api::get_list(h, "things", options);
    ASSERT_EQ(reply[0], api::kErrorMark) << options;
    EXPECT_EQ(Json::parse(reply.substr(1))["status"], 400) << options;
  }
  for (const char* options : {R"({"query": 5})", R"({"query": "x", "cursor": 2})", R"({"query": "x", "limit": "1"})"}) {
    const std::string reply = api::search(h, "things", options);
    ASSERT_EQ(reply[0], api::kErrorMark) << options;
    EXPECT_EQ(Json::parse(reply.substr(1))["code"], "invalid_options") << options;
  }
  // null means "not given".
  EXPECT_EQ(api::search(h, "things", R"({"query": "x", "cursor": null, "filter": null})")[0], '{');
  EXPECT_EQ(api::upsert(h, "things", "[]", R"({"list": "yes"})")[0], api::kErrorMark);
  EXPECT_EQ(api::apply_schema(h, "[]", R"({"dropMissing": "no"})")[0], api::kErrorMark);
  EXPECT_EQ(api::count(h, "things", ""), "0");  // still usable
}
