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

/// An apply or delete summary's counts as outcome letters, in a fixed order: c created, u updated,
/// m merged, d duplicate, s stale, f failed; x deleted, a absent, n kept (newer).
inline std::string outcomes(const Json& summary) {
  std::string out;
  for (const auto& [key, letter] : std::vector<std::pair<std::string, char>>{{"created", 'c'},
                                                                             {"updated", 'u'},
                                                                             {"merged", 'm'},
                                                                             {"duplicate", 'd'},
                                                                             {"stale", 's'},
                                                                             {"deleted", 'x'},
                                                                             {"absent", 'a'},
                                                                             {"kept", 'n'}})
    out.append(summary.value(key, 0), letter);
  if (summary.contains("created")) out.append(summary.at("failed").size(), 'f');
  return out;
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
    return Json::parse(expect_ok(engine->upsert("notes", records.dump(), options.dump())));
  }
  Json note(const std::string& id) {
    auto r = engine->get_one("notes", id);
    return r.ok() ? Json::parse(r.value()) : Json();
  }
  /// An outbox call by name (the tests read better so; the engine has one typed method each).
  Json outbox(const std::string& op, const Json& args = Json::object()) {
    auto integer = [&](const char* key, std::int64_t fallback) { return args.value(key, fallback); };
    if (op == "take") return Json::parse(expect_ok(engine->outbox_take(integer("max", 100))));
    if (op == "list") return Json::parse(expect_ok(engine->outbox_list(args.value("state", ""))));
    if (op == "retry") return Json::parse(expect_ok(engine->outbox_retry(integer("seq", 0), integer("now", 0))));
    if (op == "discard") return Json::parse(expect_ok(engine->outbox_discard(integer("seq", 0))));
    if (op == "ack") return Json::parse(expect_ok(engine->outbox_ack(Json{{"acks", Json::array({args})}}.dump())));
    if (op == "fail") return Json::parse(expect_ok(engine->outbox_fail(args.dump())));
    return Json::parse(expect_ok(engine->outbox_requeue(args.dump())));
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
