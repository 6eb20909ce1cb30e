#include "sync/sync_store.h"

#include "core/json_parse.h"

namespace pocketlite {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS _pl_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, "
    "record_id TEXT NOT NULL, op TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', "
    "attempts INTEGER NOT NULL DEFAULT 0, error TEXT);"
    "CREATE INDEX IF NOT EXISTS _pl_outbox_record ON _pl_outbox (collection, record_id);"
    "CREATE TABLE IF NOT EXISTS _pl_pending (collection TEXT NOT NULL, record_id TEXT NOT NULL, base TEXT, "
    "fields TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (collection, record_id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS _pl_cursor (collection TEXT PRIMARY KEY NOT NULL, cursor TEXT NOT NULL);"
    "UPDATE _pl_outbox SET state = 'pending' WHERE state = 'sending';";

constexpr const char* kEntryColumns = "seq, collection, record_id, op, body, state, attempts, error";

Json parse_stored(std::string_view text) {
  Json out = Json::parse(text, nullptr, false);
  return out.is_discarded() ? Json() : out;
}

OutboxEntry read_entry(const Statement& st) {
  OutboxEntry e;
  e.seq = st.column_int(0);
  e.collection = st.column_text(1);
  e.record_id = st.column_text(2);
  e.op = st.column_text(3);
  e.body = parse_stored(st.column_text(4));
  e.state = st.column_text(5);
  e.attempts = st.column_int(6);
  if (st.column_type(7) != SQLITE_NULL) e.error = parse_stored(st.column_text(7));
  return e;
}

Result<std::vector<OutboxEntry>> collect(Statement& st) {
  std::vector<OutboxEntry> out;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) return out;
    out.push_back(read_entry(st));
  }
}

}  // namespace

Json OutboxEntry::to_json() const {
  return Json{{"seq", seq},   {"collection", collection}, {"recordId", record_id}, {"op", op},
              {"body", body}, {"state", state},           {"attempts", attempts},  {"error", error}};
}

Status init_sync_metadata(Database& db) { return db.exec(kSchema); }

Result<std::optional<PendingRecord>> load_pending(Database& db, std::string_view collection, std::string_view id) {
  PL_ASSIGN(CachedStatement st,
            db.cached("SELECT base, fields, deleted FROM _pl_pending WHERE collection = ?1 AND record_id = ?2"));
  st->bind_text(1, collection);
  st->bind_text(2, id);
  PL_ASSIGN(bool row, st->step());
  if (!row) return std::optional<PendingRecord>();
  PendingRecord p;
  if (st->column_type(0) != SQLITE_NULL) p.base = parse_stored(st->column_text(0));
  const Json fields = parse_stored(st->column_text(1));
  if (fields.is_array())
    for (const auto& f : fields)
      if (f.is_string()) p.fields.insert(f.get<std::string>());
  p.deleted = st->column_int(2) != 0;
  return std::optional<PendingRecord>(std::move(p));
}

Result<std::optional<bool>> pending_deleted(Database& db, std::string_view collection, std::string_view id) {
  PL_ASSIGN(CachedStatement st, db.cached("SELECT deleted FROM _pl_pending WHERE collection = ?1 AND record_id = ?2"));
  st->bind_text(1, collection);
  st->bind_text(2, id);
  PL_ASSIGN(bool row, st->step());
  if (!row) return std::optional<bool>();
  return std::optional<bool>(st->column_int(0) != 0);
}

Status save_pending(Database& db, std::string_view collection, std::string_view id, const PendingRecord& pending) {
  PL_ASSIGN(CachedStatement st, db.cached("INSERT OR REPLACE INTO _pl_pending (collection, record_id, base, fields, "
                                          "deleted) VALUES (?1, ?2, ?3, ?4, ?5)"));
  st->bind_text(1, collection);
  st->bind_text(2, id);
  if (pending.base.is_null())
    st->bind_null(3);
  else
    st->bind_text(3, pending.base.dump());
  st->bind_text(4, Json(pending.fields).dump());
  st->bind_int(5, pending.deleted ? 1 : 0);
  return st->run();
}

Status drop_pending(Database& db, std::string_view collection, std::string_view id) {
  PL_ASSIGN(CachedStatement st, db.cached("DELETE FROM _pl_pending WHERE collection = ?1 AND record_id = ?2"));
  st->bind_text(1, collection);
  st->bind_text(2, id);
  return st->run();
}

Result<bool> any_pending(Database& db, std::string_view collection) {
  PL_ASSIGN(CachedStatement st, db.cached("SELECT EXISTS (SELECT 1 FROM _pl_pending WHERE collection = ?1)"));
  st->bind_text(1, collection);
  PL_ASSIGN(bool row, st->step());
  return row && st->column_int(0) != 0;
}

Result<std::vector<OutboxEntry>> outbox_entries(Database& db, const char* where, std::string_view collection,
                                                std::string_view id, std::int64_t limit) {
  PL_ASSIGN(CachedStatement st, db.cached(std::string("SELECT ") + kEntryColumns + " FROM _pl_outbox WHERE " + where +
                                          " ORDER BY seq LIMIT ?3"));
  if (!collection.empty()) st->bind_text(1, collection);
  if (!id.empty()) st->bind_text(2, id);
  st->bind_int(3, limit);
  return collect(*st);
}

Result<std::vector<OutboxEntry>> record_entries(Database& db, std::string_view collection, std::string_view id) {
  return outbox_entries(db, "collection = ?1 AND record_id = ?2", collection, id);
}

Result<std::optional<OutboxEntry>> outbox_entry(Database& db, std::int64_t seq) {
  PL_ASSIGN(CachedStatement st, db.cached(std::string("SELECT ") + kEntryColumns + " FROM _pl_outbox WHERE seq = ?1"));
  st->bind_int(1, seq);
  PL_ASSIGN(auto entries, collect(*st));
  if (entries.empty()) return std::optional<OutboxEntry>();
  return std::optional<OutboxEntry>(std::move(entries.front()));
}

Result<std::optional<OutboxEntry>> outbox_tail(Database& db) {
  PL_ASSIGN(CachedStatement st,
            db.cached(std::string("SELECT ") + kEntryColumns + " FROM _pl_outbox ORDER BY seq DESC LIMIT 1"));
  PL_ASSIGN(auto entries, collect(*st));
  if (entries.empty()) return std::optional<OutboxEntry>();
  return std::optional<OutboxEntry>(std::move(entries.front()));
}

Status append_outbox(Database& db, std::string_view collection, std::string_view id, std::string_view op,
                     const Json& body) {
  PL_ASSIGN(CachedStatement st,
            db.cached("INSERT INTO _pl_outbox (collection, record_id, op, body) VALUES (?1, ?2, ?3, ?4)"));
  st->bind_text(1, collection);
  st->bind_text(2, id);
  st->bind_text(3, op);
  st->bind_text(4, body.dump());
  return st->run();
}

Status update_outbox(Database& db, const OutboxEntry& entry) {
  PL_ASSIGN(
      CachedStatement st,
      db.cached("UPDATE _pl_outbox SET op = ?2, body = ?3, state = ?4, attempts = ?5, error = ?6 WHERE seq = ?1"));
  st->bind_int(1, entry.seq);
  st->bind_text(2, entry.op);
  st->bind_text(3, entry.body.dump());
  st->bind_text(4, entry.state);
  st->bind_int(5, entry.attempts);
  if (entry.error.is_null())
    st->bind_null(6);
  else
    st->bind_text(6, entry.error.dump());
  return st->run();
}

Status delete_outbox(Database& db, std::int64_t seq) {
  PL_ASSIGN(CachedStatement st, db.cached("DELETE FROM _pl_outbox WHERE seq = ?1"));
  st->bind_int(1, seq);
  return st->run();
}

Result<bool> drop_unsent(Database& db, std::string_view collection, std::string_view id, bool failed_too) {
  PL_ASSIGN(auto entries, record_entries(db, collection, id));
  bool kept = false;
  for (const auto& e : entries) {
    if (e.state == "pending" || (failed_too && e.state == "failed"))
      PL_TRY(delete_outbox(db, e.seq));
    else
      kept = true;
  }
  if (!kept) PL_TRY(drop_pending(db, collection, id));
  return kept;
}

Result<Json> load_cursor(Database& db, std::string_view collection) {
  PL_ASSIGN(Statement st, db.prepare("SELECT cursor FROM _pl_cursor WHERE collection = ?1"));
  st.bind_text(1, collection);
  PL_ASSIGN(bool row, st.step());
  return row ? parse_stored(st.column_text(0)) : Json();
}

Status save_cursor(Database& db, std::string_view collection, const Json& cursor) {
  PL_ASSIGN(Statement st, db.prepare("INSERT OR REPLACE INTO _pl_cursor (collection, cursor) VALUES (?1, ?2)"));
  st.bind_text(1, collection);
  st.bind_text(2, cursor.dump());
  return st.run();
}

Result<Json> load_cursors(Database& db) {
  PL_ASSIGN(Statement st, db.prepare("SELECT collection, cursor FROM _pl_cursor"));
  Json out = Json::object();
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) return out;
    out[std::string(st.column_text(0))] = parse_stored(st.column_text(1));
  }
}

}  // namespace pocketlite
