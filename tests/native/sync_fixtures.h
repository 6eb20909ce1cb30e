// A two-collection schema for the sync tests: notes, and comments that cascade with their note.
#pragma once

#include "test_support.h"

namespace pocketlite::test {

inline Json sync_schema() {
  return Json::parse(R"J([
    {"id": "pbc_notes", "name": "notes", "type": "base", "fields": [
      {"id": "f_title", "name": "title", "type": "text", "max": 20},
      {"id": "f_body", "name": "body", "type": "text"},
      {"id": "f_stars", "name": "stars", "type": "number"},
      {"id": "f_created", "name": "created", "type": "autodate", "onCreate": true},
      {"id": "f_updated", "name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true}]},
    {"id": "pbc_comments", "name": "comments", "type": "base", "fields": [
      {"id": "f_note", "name": "note", "type": "relation", "collectionId": "pbc_notes", "maxSelect": 1,
       "cascadeDelete": true},
      {"id": "f_text", "name": "text", "type": "text"},
      {"id": "f_updated2", "name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true}]}
  ])J");
}

/// A note as the server sends it, stamped `updated` at second `second` of a fixed minute.
inline Json server_note(const std::string& id, const std::string& title, int second, double stars = 0) {
  char updated[32];
  std::snprintf(updated, sizeof updated, "2026-11-22 10:00:%02d.000Z", second);
  return Json{{"collectionId", "pbc_notes"},
              {"collectionName", "notes"},
              {"id", id},
              {"title", title},
              {"body", "b"},
              {"stars", stars},
              {"created", updated},
              {"updated", updated}};
}

/// A fixture with the sync schema applied and helpers that unwrap replies.
class SyncTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, sync_schema());
  }
  Json apply(const Json& records, const Json& options = Json::object()) {
    return Json::parse(expect_ok(engine->apply_server("notes", records.dump(), options.dump())));
  }
  Json note(const std::string& id) {
    auto r = engine->get_one("notes", id);
    return r.ok() ? Json::parse(r.value()) : Json();
  }
  Json outbox(const std::string& op, const Json& args = Json::object()) {
    return Json::parse(expect_ok(engine->outbox(op, args.dump())));
  }
  Json states(const std::string& collection = "notes") {
    return Json::parse(expect_ok(engine->sync_states(collection)));
  }
  Json create(const Json& record, const std::string& collection = "notes") {
    return Json::parse(expect_ok(engine->create(collection, record.dump(), R"({"now": 1795000000000})")));
  }
  Json update(const std::string& id, const Json& patch) {
    return Json::parse(expect_ok(engine->update("notes", id, patch.dump(), R"({"now": 1795000000000})")));
  }
  std::unique_ptr<Engine> engine;
};

}  // namespace pocketlite::test
