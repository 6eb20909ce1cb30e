// Runs a full-text search: FTS5 MATCH with BM25 ranking, an optional PocketBase filter on the
// same rows, highlighted snippets, and an offset cursor for the next page.
#pragma once

#include "db/record_store.h"
#include "query/filter_compiler.h"

namespace pocketlite {

/// A search request (options of Engine::search).
struct SearchRequest {
  std::string match;  // the FTS5 expression (to_fts_query)
  std::string all;    // for an any-term search: the records holding every term, ranked first
  CompiledSql where;  // the filter, over alias t0
  std::int64_t limit = 20;
  std::int64_t offset = 0;  // from the cursor
  bool total = false;       // also count every match
};

/// {"items":[{"record":{...},"score":n,"highlights":{"field":"…<mark>x</mark>…"}}],"nextCursor":"20"|null,"total":n}.
/// Highlight text is HTML-escaped around the <mark> tags, so it can be shown as HTML safely.
Result<std::string> run_search(Database& db, RecordStore& records, const Collection& c,
                               const std::vector<std::string>& fields, const SearchRequest& request);

}  // namespace pocketlite
