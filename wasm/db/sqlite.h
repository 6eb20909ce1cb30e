// RAII wrappers for SQLite handles and statements; every failure comes back as an Error value.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/result.h"

namespace pocketlite {

/// A value bound to a ?N parameter.
using SqlValue = std::variant<std::nullptr_t, std::string, double>;

/// A prepared statement; finalized when it goes out of scope.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  void bind_text(int index, std::string_view text);
  void bind_int(int index, std::int64_t value);
  void bind_double(int index, double value);
  void bind_null(int index);
  void bind_blob(int index, std::string_view bytes);
  /// Binds values[i] to ?(i + 1).
  void bind_all(const std::vector<SqlValue>& values);

  /// Steps once: true when a row is ready, false when done, or the SQLite error.
  Result<bool> step();
  /// Steps to completion, ignoring rows.
  Status run();
  /// Clears bindings and rewinds so the statement can run again.
  void reset();

  [[nodiscard]] int column_type(int column) const;
  [[nodiscard]] std::string_view column_text(int column) const;
  /// The column's bytes as SQLite stores them (a BLOB's as they are, text without conversion).
  [[nodiscard]] std::string_view column_blob(int column) const;
  [[nodiscard]] std::int64_t column_int(int column) const;
  [[nodiscard]] double column_double(int column) const;
  [[nodiscard]] sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

/// A statement lent from a connection's cache for one use: rewound, its bindings cleared, when
/// the lease ends (so it holds no read open across a commit or a schema change).
class CachedStatement {
 public:
  explicit CachedStatement(Statement& st) : st_(&st) {}
  CachedStatement(CachedStatement&& other) noexcept : st_(other.st_) { other.st_ = nullptr; }
  CachedStatement& operator=(CachedStatement&&) = delete;
  ~CachedStatement() {
    if (st_ != nullptr) st_->reset();
  }
  Statement& operator*() const { return *st_; }
  Statement* operator->() const { return st_; }

 private:
  Statement* st_;
};

/// An open database connection; closed when it goes out of scope.
class Database {
 public:
  /// Opens (creating if needed) `path` through the named VFS (nullptr: the default VFS).
  static Result<Database> open(const std::string& path, const char* vfs);

  Status exec(const std::string& sql);
  Result<Statement> prepare(std::string_view sql);
  /// A statement prepared once per connection and kept: for the fixed SQL of the bookkeeping that
  /// runs per record (the outbox, pending state), where preparing cost more than running.
  Result<CachedStatement> cached(std::string_view sql);
  /// The current SQLite error as an Error with our code (never the statement's text).
  [[nodiscard]] Error last_error() const;
  [[nodiscard]] int changes() const { return sqlite3_changes(db_.get()); }
  /// The tables `sql` reads, learned from SQLite's authorizer while preparing it (not run).
  Result<std::vector<std::string>> tables_read(std::string_view sql);
  [[nodiscard]] sqlite3* get() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
  // Declared after db_: finalized before the connection closes. Behind a pointer so a lease
  // stays valid when the Database is moved.
  std::unique_ptr<std::unordered_map<std::string, Statement>> cache_ =
      std::make_unique<std::unordered_map<std::string, Statement>>();
};

/// BEGIN IMMEDIATE on construction; rolls back on destruction unless commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

/// Quotes an identifier for SQL ("a""b"); used only for names already validated by the schema.
std::string quote_identifier(std::string_view name);

/// The text of a value SQLite hands a function or hook (empty for NULL).
std::string_view value_text(sqlite3_value* value);

}  // namespace pocketlite
