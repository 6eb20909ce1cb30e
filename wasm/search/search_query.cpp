#include "search/search_query.h"

#include "db/field_codec.h"
#include "search/search_index.h"

namespace pocketlite {
namespace {

// FTS5 marks matches with \x01 ... \x02 (bytes no text field holds); they become <mark> tags
// around HTML-escaped text.
std::string highlight_html(std::string_view snippet) {
  std::string out;
  for (char c : snippet) {
    switch (c) {
      case '\x01':
        out += "<mark>";
        break;
      case '\x02':
        out += "</mark>";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

Result<std::string> run_search(Database& db, RecordStore& records, const Collection& c,
                               const std::vector<std::string>& fields, const SearchRequest& request) {
  PL_ASSIGN(std::string columns, records.record_columns(c));
  const std::string fts = quote_identifier(search_table_name(c));
  std::string snippets;
  for (std::size_t i = 0; i < fields.size(); ++i)
    snippets += ", snippet(" + fts + ", " + std::to_string(i) + ", char(1), char(2), '…', 16)";
  const std::size_t n = request.where.params.size();
  const std::string from = " FROM " + fts + " JOIN " + quote_identifier(c.name) + " t0 ON t0.rowid = " + fts +
                           ".rowid WHERE " + fts + " MATCH ?" + std::to_string(n + 1) + " AND (" + request.where.sql +
                           ")";
  // An any-term search ranks the records holding every term first (one subquery, run once).
  const std::string all_first = request.all.empty() ? ""
                                                    : "t0.rowid NOT IN (SELECT rowid FROM " + fts + " WHERE " + fts +
                                                          " MATCH ?" + std::to_string(n + 4) + "), ";
  PL_ASSIGN(Statement st, db.prepare("SELECT " + columns + ", bm25(" + fts + ")" + snippets + from + " ORDER BY " +
                                     all_first + "bm25(" + fts + "), t0.\"id\" LIMIT ?" + std::to_string(n + 2) +
                                     " OFFSET ?" + std::to_string(n + 3)));
  st.bind_all(request.where.params);
  st.bind_text(static_cast<int>(n + 1), request.match);
  st.bind_int(static_cast<int>(n + 2), request.limit + 1);  // one more tells whether a next page exists
  st.bind_int(static_cast<int>(n + 3), request.offset);
  if (!request.all.empty()) st.bind_text(static_cast<int>(n + 4), request.all);
  const int score_column = static_cast<int>(c.stored_fields().size() + 1);
  std::string items = "[";
  std::int64_t rows = 0;
  bool more = false;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (rows == request.limit) {
      more = true;
      break;
    }
    if (rows++ > 0) items += ',';
    items += "{\"record\":";
    PL_TRY(records.append_record(items, c, st));
    items += ",\"score\":" + Json(-st.column_double(score_column)).dump() + ",\"highlights\":{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) items += ',';
      append_json_string(items, fields[i]);
      items += ':';
      append_json_string(items, highlight_html(st.column_text(score_column + 1 + static_cast<int>(i))));
    }
    items += "}}";
  }
  std::int64_t total = -1;
  if (request.total) {
    PL_ASSIGN(Statement count, db.prepare("SELECT count(*)" + from));
    count.bind_all(request.where.params);
    count.bind_text(static_cast<int>(n + 1), request.match);
    PL_ASSIGN(bool row, count.step());
    total = row ? count.column_int(0) : 0;
  }
  const std::string next = more ? "\"" + std::to_string(request.offset + request.limit) + "\"" : "null";
  return "{\"items\":" + items + "],\"nextCursor\":" + next + ",\"total\":" + std::to_string(total) + "}";
}

}  // namespace pocketlite
