// Records in and out of the collection tables as PocketBase JSON.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "db/field_codec.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "query/filter_compiler.h"

namespace pocketlite {

/// The error for a record without a usable id (400, `id: validation_required`).
Error missing_id_error();

/// Top-level record keys a reader asked for (PocketBase's `fields`, reduced to what it keeps).
using KeySet = std::set<std::string, std::less<>>;

/// Reads and writes records of the collections it is given; caches prepared statements per
/// collection until invalidate() (called after every schema change).
class RecordStore {
 public:
  /// `owner_id` is the replica's user: auth records show their email to the owner only.
  RecordStore(Database& db, std::string owner_id) : db_(&db), owner_id_(std::move(owner_id)) {}

  /// The replica's user ("" for a guest).
  [[nodiscard]] const std::string& owner_id() const { return owner_id_; }

  /// Upserts one record given as its scanned top-level members (inside the caller's transaction);
  /// a 400 error names the fields that do not fit.
  Result<Json> upsert_record(const Collection& c, const std::vector<JsonMember>& record, Validation level);
  /// One record as PocketBase JSON (without `without_field`, when named), or a 404 error.
  Result<std::string> get_one(const Collection& c, std::string_view id, std::string_view without_field = {});
  /// The same by SQLite rowid (what the vector index keeps): no lookup through the id index.
  Result<std::string> get_by_rowid(const Collection& c, std::int64_t rowid, std::string_view without_field = {});
  /// A JSON array of the records matching `where` (SQL over alias t0, with its ?N parameters),
  /// in `order`; limit -1 for all. With `keys`, each record holds only those of its keys.
  Result<std::string> list(const Collection& c, const CompiledSql& where, const std::string& order, std::int64_t limit,
                           std::int64_t offset, const KeySet* keys = nullptr);
  /// The SELECT that list() runs (for learning which tables it reads).
  Result<std::string> list_sql(const Collection& c, const CompiledSql& where, const std::string& order);
  /// How many records match `where`.
  Result<std::int64_t> count(const Collection& c, const CompiledSql& where);
  /// Deletes by id; false when there was no such record.
  Result<bool> remove(const Collection& c, std::string_view id);
  void invalidate() { cache_.clear(); }
  /// An extra check of field values (vector fields), run on every record written; it adds
  /// {code, message} under the field's name to `errors` when a value does not fit.
  using FieldCheck = std::function<void(const Collection&, const Field&, const JsonSpan*, Json& errors)>;
  void set_field_check(FieldCheck check) { check_ = std::move(check); }
  /// Told of each record just before remove() deletes it (the engine keeps its last value).
  using BeforeRemove = std::function<void(const Collection&, std::string_view id)>;
  void set_before_remove(BeforeRemove observer) { before_remove_ = std::move(observer); }
  /// The SELECT column list (unqualified) whose rows append_record() turns into records.
  Result<std::string> record_columns(const Collection& c);
  /// Appends a row whose first columns are record_columns(c) as a PocketBase record.
  Status append_record(std::string& out, const Collection& c, const Statement& row);

 private:
  // One key of the output object: a field column, or one of the keys every record carries.
  struct OutputKey {
    enum Kind { CollectionId, CollectionName, Column } kind;
    std::string name;
    int column = 0;  // in the SELECT; column 0 is id
    const Field* field = nullptr;
  };
  // Prepared statements and output layout of one collection (field pointers into the Collection).
  struct Plan {
    std::vector<const Field*> fields;
    std::unordered_map<std::string_view, std::size_t> field_index;  // name -> position in fields
    Statement upsert;
    Statement get;
    Statement get_by_rowid;
    std::string select_columns;
    std::vector<OutputKey> keys;
    int email_column = -1, visibility_column = -1;
  };
  Result<Plan*> plan_for(const Collection& c);
  // Steps a bound single-record statement of `plan` into a record, then resets it.
  Result<std::string> one_record(const Collection& c, const Plan& plan, Statement& st, std::string_view without_field);
  void append_row(std::string& out, const Collection& c, const Plan& plan, const Statement& row,
                  std::string_view without_field = {}, const KeySet* keys = nullptr) const;
  Result<Json> upsert_one(const Collection& c, Plan& plan, const std::vector<JsonMember>& record, Validation level);

  Database* db_;
  std::string owner_id_;
  std::map<std::string, Plan, std::less<>> cache_;
  FieldCheck check_;
  BeforeRemove before_remove_;
};

}  // namespace pocketlite
