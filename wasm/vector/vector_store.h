// Vector fields in SQLite: the declarations (_pl_vectors), and per field a side table of float32
// BLOBs keyed by the record's rowid, kept current by triggers that decode the record's value with
// the pl_vector() SQL function, so every write (local or from sync) updates it in its transaction.
#pragma once

#include <map>

#include "db/schema.h"
#include "db/sqlite.h"
#include "vector/vector_codec.h"
#include "vector/vector_index.h"

namespace pocketlite {

/// Declared vector fields per collection id.
using VectorDefinitions = std::map<std::string, std::vector<VectorSpec>, std::less<>>;

/// The side table of a vector field.
std::string vector_table_name(const Collection& c, const std::string& field);

/// Creates _pl_vectors and registers pl_vector(value, dimension, encoding) on the connection.
Status init_vector_store(Database& db);
Result<VectorDefinitions> load_vector_definitions(Database& db);
/// Records the declaration and (re)builds the side table from the collection's current rows.
Status define_vector_field(Database& db, const Collection& c, const VectorSpec& spec);
/// After a schema change: rebuilds every side table whose field still exists (rowids may have
/// changed), forgets the others and returns warnings naming them.
Result<Json> rebuild_vector_tables(Database& db, const std::map<std::string, Collection, std::less<>>& collections);
/// Fills `index` from the side table.
Status load_vector_index(Database& db, const std::string& table, VectorIndex& index);
/// The statement refresh_vector() reads a side table's rows with.
Result<Statement> prepare_vector_read(Database& db, const std::string& table);
/// Reads one row of a side table into `index` (upsert, or remove when the row is gone).
Status refresh_vector(Statement& read, std::int64_t rowid, VectorIndex& index);

}  // namespace pocketlite
