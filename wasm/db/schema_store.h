// Keeps the local tables in step with PocketBase collection definitions: creates tables and
// indexes, migrates changed collections in place, and remembers definitions in _pl_collections.
#pragma once

#include <map>

#include "db/schema.h"
#include "db/sqlite.h"

namespace pocketlite {

/// Collections by name, as currently stored.
using CollectionMap = std::map<std::string, Collection, std::less<>>;

/// Creates the engine's metadata tables if missing and checks the on-disk format version.
Status init_metadata(Database& db);

/// Reads the stored collection definitions.
Result<CollectionMap> load_collections(Database& db);

/// Options for apply_schema.
struct ApplyOptions {
  bool drop_missing = true;  // collections absent from the new schema are dropped locally
};

/// Applies a full schema inside the caller's transaction. Returns a summary:
/// {created, migrated:[{name, added, removed, renamed, retyped}], unchanged, dropped, skipped, warnings}.
Result<Json> apply_schema(Database& db, const std::vector<Collection>& schema, const ApplyOptions& options);

}  // namespace pocketlite
