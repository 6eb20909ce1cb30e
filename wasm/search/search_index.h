// Full-text search indexes: which text fields of which collections are indexed, and the FTS5
// tables behind them. Each index is an external-content FTS5 table over the collection table,
// kept current by triggers that queue each row change, handed to FTS5 when the transaction
// commits, so every write (local or from sync) updates it in the same transaction; a schema
// change rebuilds them.
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

/// Names of a collection's FTS5 table and of its queue: the prefix, then the collection's name.
inline constexpr const char* kSearchTablePrefix = "_pl_fts_";
inline constexpr const char* kSearchQueuePrefix = "_pl_ftq_";

/// The FTS5 table of a collection.
std::string search_table_name(const Collection& c);
/// The table its triggers queue row changes in until the commit.
std::string search_queue_name(const Collection& c);
/// Hands the queued row changes to the FTS5 table in one statement and empties the queue; the
/// engine runs it before every commit that wrote to the queue.
Status flush_search_queue(Database& db, const Collection& c, const SearchDefinition& definition);
/// A replica written before the queue existed has triggers that write FTS5 directly: replaces them
/// (the index itself is current and kept). Returns whether it did. Run inside a transaction.
Result<bool> upgrade_search_triggers(Database& db, const Collection& c, const SearchDefinition& definition);

Status init_search_metadata(Database& db);
Result<SearchDefinitions> load_search_definitions(Database& db);
/// Records the definition and (re)builds the index over the collection's current rows.
Status define_search_index(Database& db, const Collection& c, const SearchDefinition& definition);
/// Drops every FTS table and rebuilds each definition whose collection and fields still exist;
/// returns warnings for the ones dropped. Run inside the schema change's transaction.
Result<Json> rebuild_search_indexes(Database& db, const std::map<std::string, Collection, std::less<>>& collections);

}  // namespace pocketlite
