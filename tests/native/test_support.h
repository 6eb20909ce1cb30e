// Shared helpers for the native tests: a fresh engine on the in-memory native store.
#pragma once

#include <gtest/gtest.h>

#include "engine/engine.h"
#include "vfs/native_store.h"

namespace pocketlite::test {

/// Unwraps a Result in a test, failing with the error's message.
template <typename T>
T expect_ok(Result<T> result) {
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().to_json().dump());
  if (!result.ok()) std::abort();
  return std::move(result).value();
}

inline std::unique_ptr<Engine> open_engine(const std::string& path = "test.db",
                                           const std::string& owner = "owner0000000001") {
  return expect_ok(Engine::open(path, OpenOptions{owner, nullptr}));
}

/// A collection with one field of every type, as GET /api/collections returns it.
inline Json every_type_collection() {
  return Json::parse(R"J({
    "id": "pbc_1000", "name": "things", "type": "base", "system": false,
    "fields": [
      {"id": "text3208210256", "name": "id", "type": "text", "primaryKey": true, "system": true, "max": 15, "min": 15},
      {"id": "f_title", "name": "title", "type": "text", "max": 10},
      {"id": "f_body", "name": "body", "type": "editor"},
      {"id": "f_count", "name": "count", "type": "number"},
      {"id": "f_done", "name": "done", "type": "bool"},
      {"id": "f_mail", "name": "mail", "type": "email"},
      {"id": "f_site", "name": "site", "type": "url"},
      {"id": "f_due", "name": "due", "type": "date"},
      {"id": "f_kind", "name": "kind", "type": "select", "maxSelect": 1, "values": ["a", "b"]},
      {"id": "f_tags", "name": "tags", "type": "select", "maxSelect": 3, "values": ["x", "y", "z"]},
      {"id": "f_owner", "name": "owner", "type": "relation", "maxSelect": 1, "collectionId": "_pb_users_auth_"},
      {"id": "f_links", "name": "links", "type": "relation", "maxSelect": 5, "collectionId": "pbc_1000"},
      {"id": "f_file", "name": "file", "type": "file", "maxSelect": 1},
      {"id": "f_files", "name": "files", "type": "file", "maxSelect": 4},
      {"id": "f_meta", "name": "meta", "type": "json"},
      {"id": "f_where", "name": "where", "type": "geoPoint"},
      {"id": "f_secret", "name": "secret", "type": "text", "hidden": true},
      {"id": "f_created", "name": "created", "type": "autodate", "onCreate": true},
      {"id": "f_updated", "name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true}
    ],
    "indexes": ["CREATE INDEX `idx_things_owner` ON `things` (`owner`, `created` DESC)",
                "CREATE UNIQUE INDEX idx_things_title ON things (title COLLATE NOCASE)"],
    "listRule": "", "viewRule": "", "createRule": "", "updateRule": "", "deleteRule": ""
  })J");
}

/// A record of every_type_collection() as the REST API returns it.
inline Json every_type_record(const std::string& id = "abcdefghijklmno") {
  return Json::parse(R"({
    "id": ")" + id + R"(", "collectionId": "pbc_1000", "collectionName": "things",
    "title": "hello", "body": "<p>hi \"there\"</p>\n", "count": 12.5, "done": true, "mail": "a@b.co",
    "site": "https://x.dev", "due": "2026-01-02 03:04:05.678Z", "kind": "a", "tags": ["x", "z"],
    "owner": "user00000000001", "links": [], "file": "", "files": ["a.png", "b.png"],
    "meta": {"nested": [1, 2, {"k": null}], "s": "ü"}, "where": {"lon": 13.4, "lat": 52.5},
    "created": "2026-01-01 00:00:00.000Z", "updated": "2026-01-01 00:00:00.001Z"
  })");
}

/// Applies a schema that must succeed; returns the summary.
inline Json apply_schema_ok(Engine& engine, const Json& schema) {
  return Json::parse(expect_ok(engine.apply_schema(schema.dump(), "")));
}

/// Resets the native store before each test.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { native_store::reset(); }
};

}  // namespace pocketlite::test
