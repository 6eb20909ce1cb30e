#include "db/index_sql.h"

#include <cctype>

namespace pocketlite {
namespace {

struct Token {
  enum Kind { Word, Quoted, Punct, End } kind;
  std::string text;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ >= s_.size()) return {Token::End, ""};
    const char c = s_[i_];
    if (c == '`' || c == '"' || c == '[') return quoted(c == '[' ? ']' : c);
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t start = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
      return {Token::Word, std::string(s_.substr(start, i_ - start))};
    }
    ++i_;
    return {Token::Punct, std::string(1, c)};
  }

 private:
  Token quoted(char close) {
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == close) {
        if (close != ']' && i_ + 1 < s_.size() && s_[i_ + 1] == close) {
          out += close;
          ++i_;
          continue;
        }
        ++i_;
        return {Token::Quoted, out};
      }
      out += s_[i_];
    }
    return {Token::Punct, "unterminated quote"};
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_keyword(const Token& t, const char* word) { return t.kind == Token::Word && upper(t.text) == word; }
bool is_name(const Token& t) { return t.kind == Token::Word || t.kind == Token::Quoted; }

Error unsupported(std::string_view sql, const std::string& why) {
  return bad_request("unsupported_index", "index not replicated (" + why + "): " + std::string(sql.substr(0, 200)));
}

}  // namespace

Result<IndexSpec> parse_index_sql(std::string_view sql) {
  Lexer lex(sql);
  IndexSpec spec;
  Token t = lex.next();
  if (!is_keyword(t, "CREATE")) return unsupported(sql, "expected CREATE");
  t = lex.next();
  if (is_keyword(t, "UNIQUE")) spec.unique = true, t = lex.next();
  if (!is_keyword(t, "INDEX")) return unsupported(sql, "expected INDEX");
  t = lex.next();
  if (is_keyword(t, "IF")) {
    if (!is_keyword(lex.next(), "NOT") || !is_keyword(lex.next(), "EXISTS"))
      return unsupported(sql, "bad IF NOT EXISTS");
    t = lex.next();
  }
  if (!is_name(t)) return unsupported(sql, "expected an index name");
  spec.name = t.text;
  if (!is_keyword(lex.next(), "ON") || !is_name(lex.next())) return unsupported(sql, "expected ON <table>");
  if (lex.next().text != "(") return unsupported(sql, "expected a column list");
  for (;;) {
    t = lex.next();
    if (!is_name(t)) return unsupported(sql, "only plain column names are supported");
    IndexColumn column{t.text, "", false};
    t = lex.next();
    if (is_keyword(t, "COLLATE")) {
      column.collate = upper(lex.next().text);
      if (column.collate != "NOCASE" && column.collate != "BINARY" && column.collate != "RTRIM")
        return unsupported(sql, "unknown collation " + column.collate);
      t = lex.next();
    }
    if (is_keyword(t, "ASC") || is_keyword(t, "DESC")) column.descending = is_keyword(t, "DESC"), t = lex.next();
    spec.columns.push_back(std::move(column));
    if (t.text == ")") break;
    if (t.text != ",") return unsupported(sql, "only plain column names are supported");
  }
  t = lex.next();
  if (t.kind == Token::Punct && t.text == ";") t = lex.next();
  // A partial index becomes a full one: local indexes serve lookups only (uniqueness is the
  // server's job), and a superset index answers the same queries.
  if (is_keyword(t, "WHERE")) return spec.partial = true, spec;
  if (t.kind != Token::End) return unsupported(sql, "trailing text");
  return spec;
}

}  // namespace pocketlite
