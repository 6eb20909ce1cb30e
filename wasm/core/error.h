// Errors as values: every fallible core function returns one of these instead of throwing, so a
// failure can never abort the wasm instance. The shape is PocketBase's error envelope.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace pocketlite {

using Json = nlohmann::json;

/// A PocketBase-shaped error: HTTP-like status, a stable machine code, a message, per-field data.
struct Error {
  int status = 400;
  std::string code;
  std::string message;
  Json data = Json::object();

  /// The envelope JS receives: {status, code, message, data}.
  [[nodiscard]] Json to_json() const;
  /// to_json() as text. Never aborts: a message that quotes part of the input may hold a cut
  /// UTF-8 sequence, which becomes U+FFFD instead of failing the dump.
  [[nodiscard]] std::string to_text() const;
};

/// 400 with a stable code and a message (no per-field data).
Error bad_request(std::string code, std::string message);
/// 404 in PocketBase's words, with our code for the missing thing.
Error not_found(std::string message);
/// 403: the caller may not do this (an API rule only superusers pass).
Error forbidden(std::string message);
/// 500 for storage or engine failures the caller did not cause.
Error internal_error(std::string code, std::string message);

/// Adds {code, message} at a nested path of `data` (PocketBase nests per-field errors by key).
void add_field_error(Json& data, const std::vector<std::string>& path, const std::string& code,
                     const std::string& message);

}  // namespace pocketlite
