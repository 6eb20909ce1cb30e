// Whole records as nlohmann JSON for the sync paths (merges, local writes): small and rare next to
// server pages, which stay on the span scanner.
#pragma once

#include <utility>
#include <vector>

#include "db/record_store.h"
#include "db/schema_store.h"

namespace pocketlite {

/// What the sync functions work on: the database, its record store and every collection.
struct SyncContext {
  Database& db;
  RecordStore& records;
  const CollectionMap& collections;
};

/// The local record, or null when the replica does not hold it.
Result<Json> read_record(SyncContext& ctx, const Collection& c, std::string_view id);
/// Upserts a whole record; a 400 error names the fields that do not fit.
Status write_record(SyncContext& ctx, const Collection& c, const Json& record, Validation level);
/// Deletes a record and, as PocketBase does, the records whose cascadeDelete relation points at it
/// (recursively). Returns every (collection, id) removed; empty when the record was not there.
Result<std::vector<std::pair<std::string, std::string>>> delete_cascading(SyncContext& ctx, const Collection& c,
                                                                          std::string_view id);
/// The value of a date field normalized for comparison ("" when absent or not a date).
std::string date_of(const Json& record, const char* field);

}  // namespace pocketlite
