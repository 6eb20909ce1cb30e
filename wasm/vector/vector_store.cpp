#include "vector/vector_store.h"

#include "core/packed_numbers.h"

namespace pocketlite {
namespace {

// pl_json(value): a packed array rendered as JSON text; any other value as it is.
void pl_json(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) != SQLITE_BLOB) return sqlite3_result_value(context, args[0]);
  const auto* bytes = static_cast<const char*>(sqlite3_value_blob(args[0]));
  std::string out;
  if (!append_packed_json(out, {bytes, static_cast<std::size_t>(sqlite3_value_bytes(args[0]))}))
    return sqlite3_result_value(context, args[0]);
  sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// pl_pack_numbers(value): JSON text of a number array packed; any other value as it is.
void pl_pack_numbers(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) != SQLITE_TEXT) return sqlite3_result_value(context, args[0]);
  auto packed = pack_numbers(value_text(args[0]));
  if (!packed) return sqlite3_result_value(context, args[0]);
  sqlite3_result_blob(context, packed->data(), static_cast<int>(packed->size()), SQLITE_TRANSIENT);
}

// A json field's arrays are packed; a text field's base64 is already compact and stays as it is.
Status pack_column(Database& db, const Collection& c, const VectorSpec& spec) {
  const Field* f = c.find_field(spec.field);
  if (f == nullptr || f->type != FieldType::JsonValue) return Ok{};
  const std::string column = quote_identifier(spec.field);
  return db.exec("UPDATE " + quote_identifier(c.name) + " SET " + column + " = pl_pack_numbers(" + column +
                 ") WHERE typeof(" + column + ") = 'text'");
}

bool vector_field_type(const Field& f) {
  return f.stored() && !f.multi && (f.type == FieldType::JsonValue || f.type == FieldType::Text);
}

// The vector in column `column` of the current row: a packed array, a JSON array or string (a json
// field's text), or base64 (a text field). Records are validated before they are written, so a
// value that does not decode only ever means "no vector" (null, "", [], or a different dimension
// than a later declaration asks for).
bool decode_stored(const Statement& st, int column, const VectorSpec& spec, std::vector<float>& out) {
  const auto dimension = static_cast<std::size_t>(spec.dimension);
  out.resize(dimension);
  const int type = st.column_type(column);
  if (type == SQLITE_BLOB) return unpack_floats(st.column_blob(column), out.data(), dimension);
  if (type != SQLITE_TEXT) return false;
  std::string_view text = st.column_text(column);
  if (text.size() >= 2 && text.front() == '"') text = text.substr(1, text.size() - 2);
  return !text.empty() && decode_vector_text(text, spec, out).ok();
}

}  // namespace

std::string vector_index_key(const Collection& c, const std::string& field) { return c.id + "." + field; }

Status init_vector_store(Database& db) {
  using Function = void (*)(sqlite3_context*, int, sqlite3_value**);
  for (const auto& [name, function] :
       {std::pair<const char*, Function>{"pl_json", pl_json}, {"pl_pack_numbers", pl_pack_numbers}})
    if (sqlite3_create_function(db.get(), name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, function, nullptr,
                                nullptr) != SQLITE_OK)
      return internal_error("vectors_unavailable", std::string("cannot register ") + name + "()");
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
  return pack_column(db, c, spec);
}

Result<Json> repack_vector_fields(Database& db, const std::map<std::string, Collection, std::less<>>& collections) {
  PL_ASSIGN(VectorDefinitions definitions, load_vector_definitions(db));
  Json warnings = Json::array();
  for (const auto& [id, specs] : definitions) {
    const Collection* c = nullptr;
    for (const auto& [name, candidate] : collections)
      if (candidate.id == id) c = &candidate;
    for (const auto& spec : specs) {
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

Result<std::vector<std::string>> legacy_side_tables(Database& db) {
  PL_ASSIGN(Statement list, db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                       "name LIKE '\\_pl\\_vec\\_%' ESCAPE '\\'"));
  std::vector<std::string> tables;
  for (;;) {
    PL_ASSIGN(bool row, list.step());
    if (!row) return tables;
    tables.emplace_back(list.column_text(0));
  }
}

Status drop_tables(Database& db, const std::vector<std::string>& tables) {
  for (const auto& table : tables) {
    for (const char* suffix : {"_ai", "_ad", "_au"})  // on the collection's table: they would outlive it
      PL_TRY(db.exec("DROP TRIGGER IF EXISTS " + quote_identifier(table + suffix)));
    PL_TRY(db.exec("DROP TABLE " + quote_identifier(table)));
  }
  return Ok{};
}

Status load_vector_index(Database& db, const Collection& c, VectorIndex& index) {
  index.clear();
  const std::string column = quote_identifier(index.spec().field);
  PL_ASSIGN(Statement st, db.prepare("SELECT rowid, id, " + column + " FROM " + quote_identifier(c.name) + " WHERE " +
                                     column + " IS NOT NULL"));
  std::vector<float> v;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (decode_stored(st, 2, index.spec(), v)) index.upsert(st.column_int(0), std::string(st.column_text(1)), v.data());
  }
  return Ok{};
}

Result<Statement> prepare_vector_read(Database& db, const Collection& c, const std::string& field) {
  return db.prepare("SELECT id, " + quote_identifier(field) + " FROM " + quote_identifier(c.name) +
                    " WHERE rowid = ?1");
}

Result<bool> read_stored_vector(Statement& read, std::int64_t rowid, const VectorSpec& spec, std::vector<float>& out) {
  read.reset();
  read.bind_int(1, rowid);
  PL_ASSIGN(bool row, read.step());
  return row && decode_stored(read, 1, spec, out);
}

Status refresh_vector(Statement& read, std::int64_t rowid, VectorIndex& index) {
  std::vector<float> v;
  PL_ASSIGN(bool found, read_stored_vector(read, rowid, index.spec(), v));
  if (found)
    index.upsert(rowid, std::string(read.column_text(0)), v.data());
  else
    index.remove(rowid);
  read.reset();  // a statement left on a row would lock the table against schema changes
  return Ok{};
}

}  // namespace pocketlite
