#include "search/fts_query.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace pocketlite {
namespace {

// Words a question is made of that say nothing about its subject (lower case, ASCII).
constexpr std::string_view kStopWords[] = {
    "a",     "about", "after",  "again", "all",  "am",   "an",    "and",   "any",    "are",   "as",    "at",
    "be",    "been",  "before", "being", "both", "but",  "by",    "can",   "could",  "did",   "do",    "does",
    "doing", "down",  "during", "each",  "for",  "from", "get",   "got",   "had",    "has",   "have",  "having",
    "he",    "her",   "here",   "him",   "his",  "how",  "i",     "if",    "in",     "into",  "is",    "it",
    "its",   "just",  "me",     "more",  "most", "my",   "no",    "not",   "of",     "on",    "once",  "only",
    "or",    "other", "our",    "out",   "over", "own",  "same",  "she",   "should", "so",    "some",  "such",
    "than",  "that",  "the",    "their", "them", "then", "there", "these", "they",   "this",  "those", "to",
    "too",   "under", "up",     "very",  "was",  "we",   "were",  "what",  "when",   "where", "which", "why"};

// ASCII control characters (NUL included) separate words like white space.
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20; }
bool is_space(char c) { return c == ' ' || is_control(c); }

struct Term {
  std::string_view text;
  bool prefix;
  bool phrase;
};

std::string quoted(const Term& term) {
  std::string out = "\"";
  for (char c : term.text) {
    if (c == '"') out += '"';        // FTS5 escapes a quote inside a string by doubling it
    out += is_control(c) ? ' ' : c;  // a NUL would end FTS5's string early
  }
  out += '"';
  if (term.prefix) out += '*';
  return out;
}

bool is_stop_word(const Term& term) {
  if (term.phrase || term.prefix) return false;
  std::string lower;
  for (char c : term.text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  // Apostrophes and punctuation around a word ("I'm", "how?") do not make it a subject.
  while (!lower.empty() && std::string_view("?!.,;:'").find(lower.back()) != std::string_view::npos) lower.pop_back();
  return lower.empty() || std::find(std::begin(kStopWords), std::end(kStopWords), lower) != std::end(kStopWords);
}

std::vector<Term> split_terms(std::string_view text) {
  std::vector<Term> terms;
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
      if (!phrase.empty()) terms.push_back({phrase, prefix, true});
      i = end == std::string_view::npos ? text.size() : end + (prefix ? 2 : 1);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
    std::string_view word = text.substr(i, end - i);
    const bool prefix = word.size() > 1 && word.back() == '*';
    if (prefix) word.remove_suffix(1);
    if (word != "*") terms.push_back({word, prefix, false});
    i = end;
  }
  return terms;
}

std::string joined(const std::vector<Term>& terms, std::string_view separator) {
  std::string out;
  for (const auto& term : terms) out += (out.empty() ? "" : std::string(separator)) + quoted(term);
  return out;
}

}  // namespace

Result<FtsQuery> to_fts_query(std::string_view text, TermMatch mode) {
  std::vector<Term> terms = split_terms(text);
  if (terms.empty()) return bad_request("empty_search", "the search has no terms");
  if (mode == TermMatch::All) return FtsQuery{joined(terms, " "), ""};
  std::vector<Term> subjects;
  std::copy_if(terms.begin(), terms.end(), std::back_inserter(subjects),
               [](const Term& t) { return !is_stop_word(t); });
  if (!subjects.empty()) terms = std::move(subjects);  // a question of stop words alone searches them
  return FtsQuery{joined(terms, " OR "), terms.size() > 1 ? joined(terms, " ") : ""};
}

}  // namespace pocketlite
