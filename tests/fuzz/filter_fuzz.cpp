// libFuzzer harness: arbitrary bytes as a filter, a sort and a search query (through the parser,
// the compiler and SQLite), and as record pages, server list pages, local writes and outbox
// arguments, on a small replica. Any crash, sanitizer report or abort is a bug; errors are expected and must come back as values. Built by the POCKETLITE_FUZZ configuration
// (clang) and run for a bounded time by scripts/test.sh.
#include "core/utf8.h"
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

// An error must reach JavaScript intact: its message is valid UTF-8 even when it quotes the input
// (the wasm build dumps JSON without exceptions, where invalid UTF-8 aborts the instance), and
// it serialises with the strict handler (which throws here, so libFuzzer reports it).
// `input_utf8`: the input was valid UTF-8, as every string from JavaScript is (raw bytes that are
// not may be quoted back as they came).
template <typename R>
void check(const R& result, bool input_utf8 = true) {
  if (result.ok() || !input_utf8) return;
  if (!pocketlite::is_valid_utf8(result.error().message)) __builtin_trap();
  (void)result.error().to_json().dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string as_json = pocketlite::Json(text).dump(-1, ' ', false, pocketlite::Json::error_handler_t::replace);
  const bool utf8 = pocketlite::is_valid_utf8(text);
  auto& e = engine();
  check(e.get_list("notes", R"({"filter":)" + as_json + R"(,"now":1767225600000})"));
  check(e.get_list("notes", R"({"sort":)" + as_json + "}"));
  check(e.search("notes", R"({"query":)" + as_json + R"(,"filter":"n > 1"})"));
  check(e.upsert("notes", text, ""), utf8);  // arbitrary record pages too
  // The sync paths: server pages and list responses, local writes, outbox arguments.
  check(e.upsert("notes", text, R"({"list":true,"advanceCursor":true})"), utf8);
  check(e.page_end(text), utf8);
  check(e.create("notes", text, ""), utf8);
  check(e.update("notes", "a", text, ""), utf8);
  check(e.outbox_ack(text), utf8);
  check(e.outbox_fail(text), utf8);
  check(e.apply_server_deletes("notes", text), utf8);
  return 0;
}
