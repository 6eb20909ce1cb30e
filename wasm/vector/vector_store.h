// Vector fields in SQLite: the declarations (_pl_vectors), and the record's own column as the one
// durable copy of each vector. A declared json field stores its arrays packed (float32 or float64,
// core/packed_numbers.h); a text field keeps the base64 it came as. Resident indexes are filled
// from that column, and re-read from it for the rows each commit wrote.
#pragma once

#include <map>

#include "db/schema.h"
#include "db/sqlite.h"
#include "vector/vector_codec.h"
#include "vector/vector_index.h"

namespace pocketlite {

/// Declared vector fields per collection id.
using VectorDefinitions = std::map<std::string, std::vector<VectorSpec>, std::less<>>;

/// The key of a vector field's resident index.
std::string vector_index_key(const Collection& c, const std::string& field);

/// Creates _pl_vectors and registers pl_json(value) (a packed array as JSON text, anything else as
/// it is) and pl_pack_numbers(value) on the connection.
Status init_vector_store(Database& db);
Result<VectorDefinitions> load_vector_definitions(Database& db);
/// Records the declaration and packs the field's stored arrays.
Status define_vector_field(Database& db, const Collection& c, const VectorSpec& spec);
/// After a schema change: packs every declared field that still exists again (a rebuilt column may
/// hold text), forgets the others and returns warnings naming them.
Result<Json> repack_vector_fields(Database& db, const std::map<std::string, Collection, std::less<>>& collections);
/// The float32 side tables that versions before packed storage kept (their fields hold JSON text).
Result<std::vector<std::string>> legacy_side_tables(Database& db);
Status drop_tables(Database& db, const std::vector<std::string>& tables);
/// Fills `index` from the collection's rows.
Status load_vector_index(Database& db, const Collection& c, VectorIndex& index);
/// The statement read_stored_vector() and refresh_vector() read one record's vector with.
Result<Statement> prepare_vector_read(Database& db, const Collection& c, const std::string& field);
/// Reads the stored vector of `rowid` (spec.dimension floats, not normalised); false when the row
/// is gone or holds none. The statement is left on the row (column 0 is the record's id).
Result<bool> read_stored_vector(Statement& read, std::int64_t rowid, const VectorSpec& spec, std::vector<float>& out);
/// Reads one row into `index` (upsert, or remove when the row is gone or holds no vector).
Status refresh_vector(Statement& read, std::int64_t rowid, VectorIndex& index);

}  // namespace pocketlite
