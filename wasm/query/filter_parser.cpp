#include "query/filter_parser.h"

#include <array>

#include "core/utf8.h"

namespace pocketlite {
namespace {

struct Token {
  enum Kind { End, Identifier, String, Number, Function, Operator, Join, Open, Close } kind = End;
  std::string text;
  std::size_t position = 0;
  std::vector<FilterOperand> args;  // a function call's arguments

  Token() = default;
  Token(Kind k, std::string t, std::size_t p) : kind(k), text(std::move(t)), position(p) {}
};

// PocketBase's fexpr allows function calls nested at most 3 deep.
constexpr int kMaxFunctionDepth = 3;

constexpr std::array<std::string_view, 16> kOperators{"?!=", "?>=", "?<=", "?!~", "!=", ">=", "<=", "!~",
                                                      "?=",  "?>",  "?<",  "?~",  "=",  ">",  "<",  "~"};

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '#';
}
bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '.' || c == ':'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The whole UTF-8 character at `i`, for error messages: one byte of a multi-byte character is
// not text (a byte that starts no well-formed character is quoted alone; the message repairs it).
std::string_view character_at(std::string_view s, std::size_t i) {
  const std::size_t length = utf8_sequence_at(s, i);
  return s.substr(i, length == 0 ? 1 : length);
}

FilterOperand to_operand(Token t) {
  const auto kind = t.kind == Token::Identifier ? FilterOperand::Identifier
                    : t.kind == Token::String   ? FilterOperand::String
                    : t.kind == Token::Number   ? FilterOperand::Number
                                                : FilterOperand::Function;
  return FilterOperand{kind, std::move(t.text), t.position, std::move(t.args)};
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Result<Token> next() {
    skip_space_and_comments();
    Token t;
    t.position = i_;
    if (i_ >= s_.size()) return t;
    const char c = s_[i_];
    if (c == '(' || c == ')') return ++i_, Token{c == '(' ? Token::Open : Token::Close, std::string(1, c), t.position};
    if (s_.substr(i_, 2) == "&&" || s_.substr(i_, 2) == "||") {
      i_ += 2;
      return Token{Token::Join, std::string(s_.substr(i_ - 2, 2)), t.position};
    }
    for (auto op : kOperators)
      if (s_.substr(i_, op.size()) == op) return i_ += op.size(), Token{Token::Operator, std::string(op), t.position};
    if (c == '\'' || c == '"') return quoted(c);
    if (c == '-' || is_digit(c)) return number();
    if (is_identifier_start(c)) return identifier();
    return filter_error("unexpected '" + std::string(character_at(s_, i_)) + "'", i_);
  }

 private:
  void skip_space_and_comments() {
    for (;;) {
      // Not \r: the server refuses a CRLF line ending (\r is an unexpected character there).
      while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
      if (s_.substr(i_, 2) != "//") return;
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    }
  }

  // Quoted text; backslash escapes as PocketBase >= 0.39.9 decodes them (\\, \n, \t, \r, \<quote>).
  // Any other backslash stays, as the server keeps it ("C:\dev", "100\%").
  Result<Token> quoted(char quote) {
    Token t{Token::String, "", i_};
    for (++i_; i_ < s_.size(); ++i_) {
      const char c = s_[i_];
      if (c == quote) return ++i_, t;
      if (c == '\\' && i_ + 1 < s_.size()) {
        const char e = s_[++i_];
        if (e == 'n' || e == 't' || e == 'r')
          t.text += e == 'n' ? '\n' : e == 't' ? '\t' : '\r';
        else if (e == '\\' || e == quote)
          t.text += e;
        else
          t.text += {'\\', e};
        continue;
      }
      t.text += c;
    }
    return filter_error("unterminated string", t.position);
  }

  Result<Token> number() {
    Token t{Token::Number, "", i_};
    if (s_[i_] == '-') t.text += s_[i_++];
    bool dot = false;
    while (i_ < s_.size() && (is_digit(s_[i_]) || (s_[i_] == '.' && !dot)))
      dot = dot || s_[i_] == '.', t.text += s_[i_++];
    if (t.text.empty() || t.text == "-" || t.text.back() == '.' || t.text[t.text[0] == '-' ? 1 : 0] == '.')
      return filter_error("invalid number '" + t.text + "'", t.position);
    return t;
  }

  Result<Token> identifier(int depth = 0) {
    Token t{Token::Identifier, "", i_};
    while (i_ < s_.size() && is_identifier_char(s_[i_])) t.text += s_[i_++];
    if (i_ < s_.size() && s_[i_] == '(') return function(std::move(t), depth + 1);
    if (t.text.back() == '.' || t.text.back() == ':')
      return filter_error("invalid identifier '" + t.text + "'", t.position);
    return t;
  }

  // name(arg, ...): arguments are strings, numbers, identifiers or nested calls.
  Result<Token> function(Token t, int depth) {
    if (depth > kMaxFunctionDepth)
      return filter_error("functions may be nested at most " + std::to_string(kMaxFunctionDepth) + " deep", t.position);
    t.kind = Token::Function;
    ++i_;  // (
    for (;;) {
      skip_space_and_comments();
      if (i_ < s_.size() && s_[i_] == ')' && t.args.empty()) return ++i_, t;
      PL_ASSIGN(FilterOperand arg, argument(depth));
      t.args.push_back(std::move(arg));
      skip_space_and_comments();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ')') return ++i_, t;
      return filter_error("expected ',' or ')' in the arguments of " + t.text + "()", i_);
    }
  }

  Result<FilterOperand> argument(int depth) {
    if (i_ >= s_.size()) return filter_error("unexpected end of filter", i_);
    const char c = s_[i_];
    Token t;
    if (c == '\'' || c == '"') {
      PL_ASSIGN(t, quoted(c));
    } else if (c == '-' || is_digit(c)) {
      PL_ASSIGN(t, number());
    } else if (is_identifier_start(c)) {
      PL_ASSIGN(t, identifier(depth));
    } else {
      return filter_error("unexpected '" + std::string(character_at(s_, i_)) + "'", i_);
    }
    return to_operand(std::move(t));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lexer_(text) {}

  Result<FilterExpr> parse() {
    PL_TRY(advance());
    // No filter at all is "everything"; a filter of only spaces or comments is refused, as the
    // server refuses it.
    if (current_.kind == Token::End) {
      if (!text_.empty()) return filter_error("empty filter expression", 0);
      return FilterExpr{};
    }
    PL_ASSIGN(FilterExpr expr, group());
    if (current_.kind != Token::End) return unexpected();
    return expr;
  }

 private:
  Status advance() {
    PL_ASSIGN(current_, lexer_.next());
    return Ok{};
  }

  Error unexpected() const {
    if (current_.kind == Token::End) return filter_error("unexpected end of filter", current_.position);
    return filter_error("unexpected '" + current_.text + "'", current_.position);
  }

  // items joined by && / || until ')' or the end.
  Result<FilterExpr> group() {
    FilterExpr expr;
    std::string join;
    for (;;) {
      FilterItem item;
      item.join = join;
      if (current_.kind == Token::Open) {
        PL_TRY(advance());
        PL_ASSIGN(FilterExpr inner, group());
        if (current_.kind != Token::Close) return unexpected();
        if (inner.items.empty()) return filter_error("empty parentheses", current_.position);
        item.group = std::make_unique<FilterExpr>(std::move(inner));
        PL_TRY(advance());
      } else {
        PL_ASSIGN(FilterComparison comparison, compare());
        item.comparison = std::make_unique<FilterComparison>(std::move(comparison));
        if (++comparisons_ > kMaxFilterComparisons)
          return filter_error("more than " + std::to_string(kMaxFilterComparisons) + " expressions",
                              comparison.position);
      }
      expr.items.push_back(std::move(item));
      if (current_.kind != Token::Join) return expr;
      join = current_.text;
      PL_TRY(advance());
    }
  }

  Result<FilterOperand> operand() {
    if (current_.kind != Token::Identifier && current_.kind != Token::String && current_.kind != Token::Number &&
        current_.kind != Token::Function)
      return unexpected();
    FilterOperand o = to_operand(std::move(current_));
    PL_TRY(advance());
    return o;
  }

  Result<FilterComparison> compare() {
    FilterComparison c;
    c.position = current_.position;
    PL_ASSIGN(c.left, operand());
    if (current_.kind != Token::Operator) return unexpected();
    c.op = current_.text;
    PL_TRY(advance());
    PL_ASSIGN(c.right, operand());
    return c;
  }

  std::string_view text_;
  Lexer lexer_;
  Token current_;
  std::size_t comparisons_ = 0;
};

}  // namespace

Error filter_error(const std::string& message, std::size_t position, int status) {
  Error e = bad_request("invalid_filter", message + " at " + std::to_string(position));
  e.status = status;
  e.data = Json{{"position", position}};
  return e;
}

Result<FilterExpr> parse_filter(std::string_view text) {
  if (text.size() > kMaxFilterLength)
    return filter_error("filter longer than " + std::to_string(kMaxFilterLength) + " characters", kMaxFilterLength);
  return Parser(text).parse();
}

}  // namespace pocketlite
