#include "core/json_parse.h"

namespace pocketlite {
namespace {

// A SAX handler that accepts everything and keeps the first error; used only after a failed
// parse, to learn the position and the reason (nlohmann reports both to SAX, even without exceptions).
struct ErrorLocator : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  std::string reason;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
    position = pos;
    reason = ex.what();
    if (!token.empty() && reason.find(token) == std::string::npos) reason += " near '" + token + "'";
    return false;
  }
};

}  // namespace

Result<Json> parse_json(std::string_view text, std::string_view what) {
  Json parsed = Json::parse(text, nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  ErrorLocator locator;
  Json::sax_parse(text, &locator, nlohmann::detail::input_format_t::json, false);
  // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 5: ".
  std::string reason = locator.reason;
  if (auto colon = reason.find(": "); colon != std::string::npos) reason = reason.substr(colon + 2);
  Error error = bad_request("invalid_json", std::string(what) + " is not valid JSON (at byte " +
                                                std::to_string(locator.position) + "): " + reason);
  error.data = Json{{"position", locator.position}};
  return error;
}

}  // namespace pocketlite
