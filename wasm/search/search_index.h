// Full-text search indexes: which text fields of which collections are indexed, and the FTS5
// tables behind them. Each index is an external-content FTS5 table over the collection table,
// kept current by triggers, so every write (local or from sync) updates it in the same
// transaction; a schema change rebuilds them.
#pragma once

#include <map>

#include "db/schema.h"
#include "db/sqlite.h"

namespace pocketlite {

/// What a collection's index holds: its fields, and whether words are stemmed (FTS5's porter
/// over unicode61: "extracting" matches "extract").
struct SearchDefinition {
  std::vector<std::string> fields;
  bool stemming = false;
  bool operator==(const SearchDefinition&) const = default;
};

/// The index of each collection, by collection id.
using SearchDefinitions = std::map<std::string, SearchDefinition, std::less<>>;

/// The FTS5 table of a collection.
std::string search_table_name(const Collection& c);

Status init_search_metadata(Database& db);
Result<SearchDefinitions> load_search_definitions(Database& db);
/// Records the definition and (re)builds the index over the collection's current rows.
Status define_search_index(Database& db, const Collection& c, const SearchDefinition& definition);
/// Drops every FTS table and rebuilds each definition whose collection and fields still exist;
/// returns warnings for the ones dropped. Run inside the schema change's transaction.
Result<Json> rebuild_search_indexes(Database& db, const std::map<std::string, Collection, std::less<>>& collections);

}  // namespace pocketlite
