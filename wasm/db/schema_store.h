// Keeps the local tables in step with PocketBase collection definitions: creates tables and
// indexes, migrates changed collections in place, and remembers definitions in _pl_collections.
#pragma once

#include <map>
#include <optional>
#include <string_view>

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

/// The summary applying `input` (the schema and options text) gives when it is exactly the input
/// of the last schema applied, and so changes nothing; nullopt otherwise.
Result<std::optional<std::string>> summary_if_applied(Database& db, std::string_view input);

/// Remembers `input` as the last schema applied, with `summary` (what applying it gave); inside the
/// transaction that applied it, so a rollback forgets it too.
Status remember_applied(Database& db, std::string_view input, const Json& summary);

}  // namespace pocketlite
