#include "db/sqlite.h"

#include <algorithm>

#include "vfs/vfs.h"

namespace pocketlite {
namespace {

// Maps a SQLite failure to an Error whose code says whether storage was at fault, and whose
// message carries the storage backend's own words when it gave any. The statement's text never
// goes into the message: errors reach the app, and no error may show the SQL behind it.
Error sqlite_failure(int rc, std::string message) {
  const int primary = rc & 0xff;
  const char* code = primary == SQLITE_FULL                                  ? "storage_full"
                     : primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ? "storage_io_error"
                     : primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? "storage_corrupt"
                                                                             : "sqlite_error";
  if (std::string detail = take_vfs_error(); !detail.empty()) message += " (storage: " + detail + ")";
  return internal_error(code, std::move(message));
}

}  // namespace

void Statement::bind_text(int index, std::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::bind_int(int index, std::int64_t value) { sqlite3_bind_int64(stmt_.get(), index, value); }
void Statement::bind_double(int index, double value) { sqlite3_bind_double(stmt_.get(), index, value); }
void Statement::bind_null(int index) { sqlite3_bind_null(stmt_.get(), index); }
void Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

void Statement::bind_all(const std::vector<SqlValue>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* text = std::get_if<std::string>(&values[i]))
      bind_text(index, *text);
    else if (const auto* number = std::get_if<double>(&values[i]))
      bind_double(index, *number);
    else
      bind_null(index);
  }
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_failure(rc, sqlite3_errmsg(sqlite3_db_handle(stmt_.get())));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row.ok()) return row.take_error();
    if (!row.value()) return Ok{};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

int Statement::column_type(int column) const { return sqlite3_column_type(stmt_.get(), column); }

std::string_view Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

std::string_view Statement::column_blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
  if (bytes == nullptr) return {};
  return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double Statement::column_double(int column) const { return sqlite3_column_double(stmt_.get(), column); }

Result<Database> Database::open(const std::string& path, const char* vfs) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
  Database db;
  db.db_.reset(raw);  // owns the handle even when open failed, as SQLite requires
  if (rc != SQLITE_OK) {
    return sqlite_failure(rc,
                          "cannot open database '" + path + "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Status Database::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Ok{};
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return sqlite_failure(rc, std::move(text));
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement stmt(raw);
  if (rc != SQLITE_OK) return last_error();
  return stmt;
}

Result<CachedStatement> Database::cached(std::string_view sql) {
  auto it = cache_->find(std::string(sql));
  if (it == cache_->end()) {
    PL_ASSIGN(Statement st, prepare(sql));
    it = cache_->emplace(std::string(sql), std::move(st)).first;
  }
  return CachedStatement(it->second);
}

Result<std::vector<std::string>> Database::tables_read(std::string_view sql) {
  std::vector<std::string> tables;
  auto collect = [](void* out, int action, const char* table, const char*, const char*, const char*) {
    auto& list = *static_cast<std::vector<std::string>*>(out);
    if (action == SQLITE_READ && table != nullptr && std::find(list.begin(), list.end(), table) == list.end())
      list.emplace_back(table);
    return SQLITE_OK;
  };
  sqlite3_set_authorizer(db_.get(), collect, &tables);
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  Statement owned(raw);
  sqlite3_set_authorizer(db_.get(), nullptr, nullptr);
  if (rc != SQLITE_OK) return last_error();
  return tables;
}

Error Database::last_error() const {
  return sqlite_failure(sqlite3_extended_errcode(db_.get()), sqlite3_errmsg(db_.get()));
}

Result<Transaction> Transaction::begin(Database& db) {
  PL_TRY(db.exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  Database* db = db_;
  auto status = db->exec("COMMIT");
  // A failed COMMIT (e.g. storage full) leaves the transaction open; the destructor rolls it back.
  if (status.ok()) db_ = nullptr;
  return status;
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string_view value_text(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return text == nullptr ? std::string_view()
                         : std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value)));
}

}  // namespace pocketlite
