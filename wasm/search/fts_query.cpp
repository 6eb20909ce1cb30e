#include "search/fts_query.h"

namespace pocketlite {
namespace {

// ASCII control characters (NUL included) separate words like white space.
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20; }

void append_term(std::string& out, std::string_view term, bool prefix) {
  if (term.empty()) return;
  if (!out.empty()) out += ' ';
  out += '"';
  for (char c : term) {
    if (c == '"') out += '"';        // FTS5 escapes a quote inside a string by doubling it
    out += is_control(c) ? ' ' : c;  // a NUL would end FTS5's string early
  }
  out += '"';
  if (prefix) out += '*';
}

bool is_space(char c) { return c == ' ' || is_control(c); }

}  // namespace

Result<std::string> to_fts_query(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    if (text[i] == '"') {  // a phrase, up to the closing quote (or the end)
      const std::size_t end = text.find('"', i + 1);
      const std::string_view phrase = text.substr(i + 1, (end == std::string_view::npos ? text.size() : end) - i - 1);
      const bool prefix = end != std::string_view::npos && end + 1 < text.size() && text[end + 1] == '*';
      append_term(out, phrase, prefix);
      i = end == std::string_view::npos ? text.size() : end + (prefix ? 2 : 1);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
    std::string_view word = text.substr(i, end - i);
    const bool prefix = word.size() > 1 && word.back() == '*';
    if (prefix) word.remove_suffix(1);
    if (word != "*") append_term(out, word, prefix);
    i = end;
  }
  if (out.empty()) return bad_request("invalid_search", "the search has no terms");
  return out;
}

}  // namespace pocketlite
