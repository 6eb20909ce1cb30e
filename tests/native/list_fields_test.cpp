// PocketBase's `fields` in a list: the engine writes only the top-level keys the picks keep, so a
// narrow page of wide records is not serialized whole (nested picks and modifiers are js/fields.ts's).
#include "sync_fixtures.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

// The sorted keys of each item of a get_list page.
std::vector<std::string> item_keys(Engine& engine, const std::string& collection, const Json& options) {
  const Json page = Json::parse(expect_ok(engine.get_list(collection, options.dump())));
  std::vector<std::string> keys;
  for (const auto& item : page.at("items")) {
    std::string these;
    for (const auto& [key, value] : item.items()) these += (these.empty() ? "" : ",") + key;
    keys.push_back(these);
  }
  return keys;
}

}  // namespace

TEST_F(SyncTest, AListKeepsOnlyTheTopLevelKeysItsFieldsPick) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10), server_note("aaaaaaaaaaaaaa2", "two", 11)}));
  const std::string all = "body,collectionId,collectionName,created,id,stars,title,updated";
  const std::vector<std::string> two_all = {all, all};
  // A modifier's key, spaces and tabs around picks, a nested pick of a key no record has.
  EXPECT_EQ(item_keys(*engine, "notes", {{"fields", " title:excerpt(3,true) ,\tid, expand.x.y"}}),
            (std::vector<std::string>{"id,title", "id,title"}));
  // `*` (anywhere), an empty list or only blanks keep every key.
  EXPECT_EQ(item_keys(*engine, "notes", {{"fields", "title,*"}}), two_all);
  EXPECT_EQ(item_keys(*engine, "notes", {{"fields", ""}}), two_all);
  EXPECT_EQ(item_keys(*engine, "notes", {{"fields", " , "}}), two_all);
  EXPECT_EQ(item_keys(*engine, "notes", {{"fields", "stars"}, {"all", true}}),
            (std::vector<std::string>{"stars", "stars"}));
}

TEST_F(SyncTest, AListWithExpandKeepsTheRelationsItExpands) {
  apply(Json::array({server_note("aaaaaaaaaaaaaa1", "one", 10)}));
  expect_ok(engine->upsert("comments", R"([{"id": "cccccccccccccc1", "note": "aaaaaaaaaaaaaa1", "text": "hi",
      "updated": "2026-11-22 10:00:11.000Z"}])",
                           "{}"));
  const Json page = Json::parse(expect_ok(engine->get_list("comments", R"({"fields": "text", "expand": "note"})")));
  const Json& item = page.at("items").at(0);
  EXPECT_EQ(item.at("note"), "aaaaaaaaaaaaaa1");
  EXPECT_EQ(item.at("expand").at("note").at("title"), "one");
}
