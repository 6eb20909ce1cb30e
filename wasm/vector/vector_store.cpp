#include "vector/vector_store.h"

#include <cstring>
#include <tuple>

namespace pocketlite {
namespace {

// pl_vector(value, dimension, encoding): the float32 BLOB of a stored field value (JSON array
// text, JSON string text, or plain base64), or NULL when it is empty or does not decode. Records
// are validated before they are written, so NULL here only ever means "no vector".
void pl_vector(sqlite3_context* context, int, sqlite3_value** args) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  if (text == nullptr) return sqlite3_result_null(context);
  std::string_view value(text, static_cast<std::size_t>(sqlite3_value_bytes(args[0])));
  VectorSpec spec;
  spec.dimension = sqlite3_value_int(args[1]);
  const auto* encoding = reinterpret_cast<const char*>(sqlite3_value_text(args[2]));
  spec.encoding = parse_encoding(encoding ? encoding : "").value_or(VectorEncoding::F32);
  if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
  std::vector<float> out;
  if (value.empty() || spec.dimension <= 0 || !decode_vector_text(value, spec, out).ok())
    return sqlite3_result_null(context);
  sqlite3_result_blob(context, out.data(), static_cast<int>(out.size() * sizeof(float)), SQLITE_TRANSIENT);
}

// The SQL that decodes `row`'s field: the names are validated, the numbers are ours.
std::string decoded(const VectorSpec& spec, const std::string& row) {
  return "pl_vector(" + row + "." + quote_identifier(spec.field) + ", " + std::to_string(spec.dimension) + ", '" +
         encoding_name(spec.encoding) + "')";
}

Status drop_vector_table(Database& db, const std::string& table) {
  for (const char* suffix : {"_ai", "_ad", "_au"})
    PL_TRY(db.exec("DROP TRIGGER IF EXISTS " + quote_identifier(table + suffix)));
  return db.exec("DROP TABLE IF EXISTS " + quote_identifier(table));
}

Status create_vector_table(Database& db, const Collection& c, const VectorSpec& spec) {
  const std::string side = quote_identifier(vector_table_name(c, spec.field)), table = quote_identifier(c.name);
  // vec is NULL for records without a vector: one decode per write, no second call to filter.
  PL_TRY(db.exec("CREATE TABLE " + side + " (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, vec BLOB)"));
  const std::string insert_new =
      "INSERT INTO " + side + " (rowid, id, vec) VALUES (new.rowid, new.id, " + decoded(spec, "new") + ");";
  const std::string delete_old = "DELETE FROM " + side + " WHERE rowid = old.rowid;";
  for (const auto& [suffix, event, body] :
       {std::tuple{"_ai", "INSERT", insert_new}, std::tuple{"_ad", "DELETE", delete_old},
        std::tuple{"_au", "UPDATE", delete_old + insert_new}})
    PL_TRY(db.exec("CREATE TRIGGER " + quote_identifier(vector_table_name(c, spec.field) + suffix) + " AFTER " + event +
                   " ON " + table + " BEGIN " + body + " END"));
  return db.exec("INSERT INTO " + side + " (rowid, id, vec) SELECT rowid, id, " + decoded(spec, table) + " FROM " +
                 table);
}

bool vector_field_type(const Field& f) {
  return f.stored() && !f.multi && (f.type == FieldType::JsonValue || f.type == FieldType::Text);
}

}  // namespace

std::string vector_table_name(const Collection& c, const std::string& field) { return "_pl_vec_" + c.id + "_" + field; }

Status init_vector_store(Database& db) {
  const int rc = sqlite3_create_function(db.get(), "pl_vector", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                         pl_vector, nullptr, nullptr);
  if (rc != SQLITE_OK) return internal_error("vectors_unavailable", "cannot register pl_vector()");
  return db.exec(
      "CREATE TABLE IF NOT EXISTS _pl_vectors (collection_id TEXT NOT NULL, field TEXT NOT NULL, spec JSON NOT NULL, "
      "PRIMARY KEY (collection_id, field))");
}

Result<VectorDefinitions> load_vector_definitions(Database& db) {
  PL_ASSIGN(Statement st, db.prepare("SELECT collection_id, field, spec FROM _pl_vectors ORDER BY 1, 2"));
  VectorDefinitions out;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    auto spec = parse_vector_spec(std::string(st.column_text(1)), st.column_text(2));
    if (spec.ok()) out[std::string(st.column_text(0))].push_back(std::move(spec).value());
  }
  return out;
}

Status define_vector_field(Database& db, const Collection& c, const VectorSpec& spec) {
  const Field* f = c.find_field(spec.field);
  if (f == nullptr || !vector_field_type(*f))
    return bad_request("invalid_vectors",
                       "'" + spec.field + "' is not a json or text field of '" + c.name + "' that can hold vectors");
  PL_ASSIGN(Statement save, db.prepare("INSERT INTO _pl_vectors (collection_id, field, spec) VALUES (?1, ?2, ?3) "
                                       "ON CONFLICT DO UPDATE SET spec = excluded.spec"));
  save.bind_text(1, c.id);
  save.bind_text(2, spec.field);
  save.bind_text(3, vector_spec_json(spec).dump());
  PL_TRY(save.run());
  PL_TRY(drop_vector_table(db, vector_table_name(c, spec.field)));
  return create_vector_table(db, c, spec);
}

Result<Json> rebuild_vector_tables(Database& db, const std::map<std::string, Collection, std::less<>>& collections) {
  PL_ASSIGN(VectorDefinitions definitions, load_vector_definitions(db));
  Json warnings = Json::array();
  for (const auto& [id, specs] : definitions) {
    const Collection* c = nullptr;
    for (const auto& [name, candidate] : collections)
      if (candidate.id == id) c = &candidate;
    for (const auto& spec : specs) {
      if (c != nullptr) PL_TRY(drop_vector_table(db, vector_table_name(*c, spec.field)));
      auto status = c == nullptr ? Status(bad_request("invalid_vectors", "its collection was dropped"))
                                 : define_vector_field(db, *c, spec);
      if (status.ok()) continue;
      warnings.push_back("vector field " + (c ? c->name : id) + "." + spec.field +
                         " removed: " + status.error().message);
      PL_ASSIGN(Statement forget, db.prepare("DELETE FROM _pl_vectors WHERE collection_id = ?1 AND field = ?2"));
      forget.bind_text(1, id);
      forget.bind_text(2, spec.field);
      PL_TRY(forget.run());
    }
  }
  return warnings;
}

Status load_vector_index(Database& db, const std::string& table, VectorIndex& index) {
  index.clear();
  PL_ASSIGN(Statement st,
            db.prepare("SELECT rowid, id, vec FROM " + quote_identifier(table) + " WHERE vec IS NOT NULL"));
  const auto bytes = static_cast<int>(index.spec().dimension * sizeof(float));
  std::vector<float> v(static_cast<std::size_t>(index.spec().dimension));
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (sqlite3_column_bytes(st.get(), 2) != bytes) continue;
    std::memcpy(v.data(), sqlite3_column_blob(st.get(), 2), static_cast<std::size_t>(bytes));
    index.upsert(st.column_int(0), std::string(st.column_text(1)), v.data());
  }
  return Ok{};
}

Result<Statement> prepare_vector_read(Database& db, const std::string& table) {
  return db.prepare("SELECT id, vec FROM " + quote_identifier(table) + " WHERE rowid = ?1");
}

Status refresh_vector(Statement& st, std::int64_t rowid, VectorIndex& index) {
  st.reset();
  st.bind_int(1, rowid);
  PL_ASSIGN(bool row, st.step());
  const auto bytes = static_cast<int>(index.spec().dimension * sizeof(float));
  if (!row || sqlite3_column_bytes(st.get(), 1) != bytes) {
    index.remove(rowid);
    return Ok{};
  }
  std::vector<float> v(static_cast<std::size_t>(index.spec().dimension));
  std::memcpy(v.data(), sqlite3_column_blob(st.get(), 1), static_cast<std::size_t>(bytes));
  index.upsert(rowid, std::string(st.column_text(0)), v.data());
  return Ok{};
}

}  // namespace pocketlite
