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
