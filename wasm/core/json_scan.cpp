#include "core/json_scan.h"

#include <cstring>

#include "simd/byte_scan.h"

namespace pocketlite {
namespace {

constexpr int kMaxDepth = 256;  // deeper nesting is refused rather than risking the stack

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n;
  unsigned min;
  if (b >= 0xC2 && b <= 0xDF)
    n = 2, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF)
    n = 3, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4)
    n = 4, min = 0x10000;
  else
    return 0;
  if (i + n > s.size()) return 0;
  unsigned cp = b & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

unsigned read_hex4(std::string_view s, std::size_t i) {
  unsigned v = 0;
  for (std::size_t k = 0; k < 4; ++k) v = v * 16 + static_cast<unsigned>(hex_value(s[i + k]));
  return v;
}

}  // namespace

const char* JsonSpan::type_name() const {
  static constexpr const char* kNames[] = {"null", "boolean", "boolean", "number", "string", "array", "object"};
  return kNames[kind];
}

Error JsonScanner::error(const std::string& what) const {
  Error e = bad_request("invalid_json", "records is not valid JSON (at byte " + std::to_string(pos_) + "): " + what);
  e.data = Json{{"position", pos_}};
  return e;
}

char JsonScanner::peek() {
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  return pos_ < text_.size() ? text_[pos_] : '\0';
}

Status JsonScanner::expect(char c) {
  if (peek() != c) return error(std::string("expected '") + c + "'");
  ++pos_;
  return Ok{};
}

Status JsonScanner::finish() {
  if (peek() != '\0') return error("unexpected text after the value");
  return Ok{};
}

Result<JsonSpan> JsonScanner::value() {
  switch (peek()) {
    case '"':
      return string();
    case '{':
      return container('{', '}');
    case '[':
      return container('[', ']');
    case 't':
      return literal("true", JsonSpan::True);
    case 'f':
      return literal("false", JsonSpan::False);
    case 'n':
      return literal("null", JsonSpan::Null);
    case '\0':
      return error("unexpected end of input");
    default:
      if (text_[pos_] == '-' || is_digit(text_[pos_])) return number();
      return error(std::string("unexpected character '") + text_[pos_] + "'");
  }
}

Result<JsonSpan> JsonScanner::string() {
  const std::size_t start = pos_++;
  JsonSpan span;
  span.kind = JsonSpan::String;
  while (pos_ < text_.size()) {
    // Plain ASCII runs are the common case: skip them 16 bytes at a time.
    pos_ = static_cast<std::size_t>(simd::find_string_stop(text_.data() + pos_, text_.data() + text_.size()) -
                                    text_.data());
    if (pos_ >= text_.size()) break;
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      span.raw = text_.substr(start, ++pos_ - start);
      return span;
    }
    if (c == '\\') {
      span.escaped = true;
      if (pos_ + 1 >= text_.size()) break;
      const char e = text_[pos_ + 1];
      if (e == 'u') {
        if (pos_ + 6 > text_.size()) break;
        for (std::size_t k = 2; k < 6; ++k)
          if (hex_value(text_[pos_ + k]) < 0) return error("invalid \\u escape");
        pos_ += 6;
      } else if (std::strchr("\"\\/bfnrt", e) != nullptr && e != '\0') {
        pos_ += 2;
      } else {
        return error(std::string("invalid escape '\\") + e + "'");
      }
    } else if (c < 0x20) {
      return error("control character in a string");
    } else if (c < 0x80) {
      ++pos_;
    } else {
      const std::size_t n = utf8_sequence(text_, pos_);
      if (n == 0) return error("invalid UTF-8 in a string");
      pos_ += n;
    }
  }
  return error("unterminated string");
}

Result<JsonSpan> JsonScanner::number() {
  const std::size_t start = pos_;
  JsonSpan span;
  span.kind = JsonSpan::Number;
  span.integer = true;
  if (text_[pos_] == '-') ++pos_;
  if (pos_ >= text_.size() || !is_digit(text_[pos_])) return error("invalid number");
  if (text_[pos_] == '0')
    ++pos_;
  else
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    span.integer = false;
    if (++pos_ >= text_.size() || !is_digit(text_[pos_])) return error("invalid number");
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    span.integer = false;
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (pos_ >= text_.size() || !is_digit(text_[pos_])) return error("invalid number");
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
  }
  span.raw = text_.substr(start, pos_ - start);
  return span;
}

Result<JsonSpan> JsonScanner::literal(std::string_view word, JsonSpan::Kind kind) {
  if (text_.substr(pos_, word.size()) != word) return error("invalid literal");
  JsonSpan span;
  span.kind = kind;
  span.raw = text_.substr(pos_, word.size());
  pos_ += word.size();
  return span;
}

Result<JsonSpan> JsonScanner::container(char open, char close) {
  if (++depth_ > kMaxDepth) return error("nesting deeper than 256 levels");
  const std::size_t start = pos_++;
  if (peek() != close) {
    for (;;) {
      if (open == '{') {
        if (peek() != '"') return error("expected a key");
        PL_TRY(string());
        PL_TRY(expect(':'));
      }
      PL_TRY(value());
      if (peek() == close) break;
      PL_TRY(expect(','));
    }
  }
  ++pos_;
  --depth_;
  JsonSpan span;
  span.kind = open == '{' ? JsonSpan::Object : JsonSpan::Array;
  span.raw = text_.substr(start, pos_ - start);
  return span;
}

Status JsonScanner::object_members(std::vector<JsonMember>& members) {
  members.clear();
  PL_TRY(expect('{'));
  if (peek() == '}') return ++pos_, Ok{};
  for (;;) {
    if (peek() != '"') return error("expected a key");
    PL_ASSIGN(JsonSpan key, string());
    std::string_view name = key.inner();
    if (key.escaped) name = key_storage_.emplace_back(decode_json_string(key));
    PL_TRY(expect(':'));
    PL_ASSIGN(JsonSpan v, value());
    members.push_back({name, v});
    if (peek() == '}') return ++pos_, Ok{};
    PL_TRY(expect(','));
  }
}

std::string decode_json_string(const JsonSpan& span) {
  const std::string_view s = span.inner();
  if (!span.escaped) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t next = s.find('\\', i);
    out.append(s.substr(i, next - i));  // the unescaped run up to the next backslash
    if (next == std::string_view::npos) break;
    i = next;
    const char e = s[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = read_hex4(s, i + 1);
        i += 4;
        // A high surrogate followed by \uDC00..DFFF is one code point; a lone one becomes U+FFFD.
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
          const unsigned low = read_hex4(s, i + 3);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
        break;
      }
      default:
        out += e;  // \" \\ \/
    }
  }
  return out;
}

}  // namespace pocketlite
