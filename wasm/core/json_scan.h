// A strict, allocation-light JSON scanner for the hot path: pages of records. Values are spans
// of the input text; only a record's top-level members are collected, nested values are
// validated and kept as raw text (a json field stores exactly that text). It exists because
// building a DOM costs more than inserting the rows (measured in bench/ingest.ts).
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pocketlite {

/// One JSON value as a span of the scanned text.
struct JsonSpan {
  enum Kind { Null, False, True, Number, String, Array, Object } kind = Null;
  std::string_view raw;  // the whole value as written (strings include their quotes)
  bool escaped = false;  // String: contains backslash escapes (decode before use)
  bool integer = false;  // Number: no fraction or exponent

  /// The string's content without quotes (still escaped when `escaped`).
  [[nodiscard]] std::string_view inner() const { return raw.substr(1, raw.size() - 2); }
  [[nodiscard]] const char* type_name() const;
};

/// A record's top-level member.
struct JsonMember {
  std::string_view key;  // decoded; points into the text or into the scanner's key storage
  JsonSpan value;
};

/// Scans one JSON document. The text must outlive every span taken from it.
class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : text_(text) {}

  /// Scans any value, validating nested arrays and objects.
  Result<JsonSpan> value();
  /// Scans an object and collects its members (replacing `members`); the cursor must be at '{'.
  Status object_members(std::vector<JsonMember>& members);
  /// Skips whitespace and returns the next character without consuming it (0 at the end).
  char peek();
  /// Consumes `c` after whitespace, or fails.
  Status expect(char c);
  /// Fails unless only whitespace remains.
  Status finish();
  [[nodiscard]] std::size_t position() const { return pos_; }

 private:
  Result<JsonSpan> string();
  Result<JsonSpan> number();
  Result<JsonSpan> literal(std::string_view word, JsonSpan::Kind kind);
  Result<JsonSpan> container(char open, char close);
  Error error(const std::string& what) const;

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::deque<std::string> key_storage_;  // decoded keys that had escapes (stable addresses)
};

/// Decodes a string span's escapes (\n, \", \uXXXX with surrogate pairs) into UTF-8.
std::string decode_json_string(const JsonSpan& span);

/// Calls `visit` for each element of an Array span; stops and fails on the first scan error.
template <typename Visit>
Status for_each_element(const JsonSpan& array, Visit&& visit) {
  JsonScanner scanner(array.raw);
  PL_TRY(scanner.expect('['));
  if (scanner.peek() == ']') return Ok{};
  for (;;) {
    PL_ASSIGN(JsonSpan element, scanner.value());
    PL_TRY(visit(element));
    if (scanner.peek() == ']') return Ok{};
    PL_TRY(scanner.expect(','));
  }
}

}  // namespace pocketlite
