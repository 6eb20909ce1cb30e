// How the replica's collections map to its server's. A replica binds to its server by collection
// and field names: an app ships a schema by names and types (its own ids), and a deployed server
// has generated ids (pbc_3660498186, text2809179246). The server's ids are learned, from the
// collectionId its records carry and from schemas it serves, and kept beside the local ones.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "db/schema_store.h"

namespace pocketlite {

/// Creates the table of learned server ids if missing.
Status init_server_ids(Database& db);

/// Fills each collection's server_id from the stored ones.
Status load_server_ids(Database& db, CollectionMap& collections);

/// Remembers the id the server gives the collection named `name`.
Status save_server_id(Database& db, std::string_view name, std::string_view server_id);

/// A learned binding: the collection named `name` has `server_id` on the server.
using ServerIdBinding = std::pair<std::string, std::string>;

/// Rewrites an incoming schema (a JSON array of definitions) into the replica's ids: a collection
/// or field that matches a local one by name takes the local id, and relation targets follow.
/// Returns the collections whose server id differs from the local one.
std::vector<ServerIdBinding> bind_schema_ids(Json& schema, const CollectionMap& local);

}  // namespace pocketlite
