// libFuzzer harness: arbitrary bytes as a filter, a sort and a search query (through the parser,
// the compiler and SQLite), and as record pages, server list pages, local writes and outbox
// arguments, on a small replica. Any crash, sanitizer report or abort is a bug; errors are expected and must come back as values. Built by the POCKETLITE_FUZZ configuration
// (clang) and run for a bounded time by scripts/test.sh.
#include "engine/engine.h"
#include "vfs/native_store.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

pocketlite::Engine& engine() {
  static std::unique_ptr<pocketlite::Engine> instance = [] {
    auto opened = pocketlite::Engine::open("fuzz.db", {"owner", nullptr, true});
    auto e = std::move(opened).value();
    (void)e->apply_schema(R"([{"id":"c1","name":"notes","fields":[
      {"id":"t","name":"title","type":"text"},{"id":"n","name":"n","type":"number"},
      {"id":"b","name":"done","type":"bool"},{"id":"g","name":"tags","type":"select","maxSelect":3},
      {"id":"j","name":"meta","type":"json"},{"id":"r","name":"parent","type":"relation","collectionId":"c1","maxSelect":1},
      {"id":"l","name":"links","type":"relation","collectionId":"c1","maxSelect":3},
      {"id":"d","name":"created","type":"autodate"}]}])",
                          "");
    (void)e->upsert("notes", R"([{"id":"a","title":"x","n":1,"tags":["p"],"meta":{"k":[1]},"parent":"b","links":["a","b"]},
      {"id":"b","title":"","n":2.5,"done":true,"tags":[],"meta":null,"created":"2026-01-01 00:00:00.000Z"}])",
                    "");
    (void)e->define_search("notes", R"(["title"])");
    return e;
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string as_json = pocketlite::Json(text).dump(-1, ' ', false, pocketlite::Json::error_handler_t::replace);
  auto& e = engine();
  (void)e.get_list("notes", R"({"filter":)" + as_json + R"(,"now":1767225600000})");
  (void)e.get_list("notes", R"({"sort":)" + as_json + "}");
  (void)e.search("notes", R"({"query":)" + as_json + R"(,"filter":"n > 1"})");
  (void)e.upsert("notes", text, "");  // arbitrary record pages too
  // The sync paths: server pages and list responses, local writes, outbox arguments.
  (void)e.apply_server("notes", text, R"({"list":true,"advanceCursor":true})");
  (void)e.apply_server("notes", text, "");
  (void)e.page_end(text);
  (void)e.create("notes", text, "");
  (void)e.update("notes", "a", text, "");
  (void)e.outbox("ack", text);
  (void)e.outbox("fail", text);
  return 0;
}
