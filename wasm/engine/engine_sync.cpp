// The Engine's sync calls: argument checking and transactions around wasm/sync/.
#include "core/json_parse.h"
#include "core/json_scan.h"
#include "core/options.h"
#include "db/field_codec.h"
#include "engine/engine.h"
#include "sync/local_write.h"
#include "sync/outbox.h"
#include "sync/server_apply.h"
#include "sync/sync_store.h"

namespace pocketlite {
namespace {

// Server deletes as JSON: ids, or {id, version} objects (version: the deleted record's `updated`).
Result<std::vector<ServerDelete>> server_deletes(std::string_view text) {
  PL_ASSIGN(Json doc, parse_json(text, "deletes"));
  std::vector<ServerDelete> out;
  auto text_at = [](const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (doc.is_array())
    for (const auto& v : doc) {
      if (v.is_string()) out.push_back({v.get<std::string>(), ""});
      if (v.is_object() && !text_at(v, "id").empty()) out.push_back({text_at(v, "id"), text_at(v, "version")});
    }
  if (!doc.is_array() || out.size() != doc.size())
    return bad_request("invalid_argument", "deletes must be a JSON array of ids or {id, version} objects");
  return out;
}

Result<std::vector<std::int64_t>> seqs_of(const Json& args) {
  std::vector<std::int64_t> out;
  auto it = args.find("seqs");
  if (it != args.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_number_integer()) out.push_back(v.get<std::int64_t>());
  if (it == args.end() || !it->is_array() || out.empty() || out.size() != it->size())
    return bad_request("invalid_outbox", "seqs must be a non-empty array of outbox sequence numbers");
  return out;
}

// A record argument that must name its id (server versions handed back by JS).
Result<Json> server_record(const Json& args) {
  auto it = args.find("server");
  if (it == args.end() || it->is_null()) return Json();
  if (!it->is_object() || !it->contains("id") || !it->at("id").is_string())
    return bad_request("invalid_record", "server must be a record object with an id, or null");
  return *it;
}

}  // namespace

template <typename Work>
Result<std::string> Engine::in_sync_transaction(Work&& work) {
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  SyncContext ctx{db_, records_, collections_};
  PL_ASSIGN(Json out, work(ctx));
  PL_TRY(commit(tx));
  return out.dump();
}

namespace {

// Where a pull resumes: the later of the saved cursor and the page's last record.
Json advanced_cursor(const Json& saved, const Json& last, std::int64_t synced_at) {
  Json cursor = saved.is_object() ? saved : Json::object();
  auto key = [](const Json& c, const char* k) {
    return c.contains(k) && c.at(k).is_string() ? c.at(k).get<std::string>() : "";
  };
  if (last.is_object() && std::make_pair(key(last, "updated"), key(last, "id")) >
                              std::make_pair(key(cursor, "updated"), key(cursor, "id"))) {
    cursor["updated"] = last.at("updated");
    cursor["id"] = last.at("id");
  }
  cursor["syncedAt"] = synced_at;
  return cursor;
}

// The items (and totalItems) of a list response {page, perPage, totalItems, totalPages, items}.
Result<std::pair<std::string_view, std::int64_t>> list_items(std::string_view response) {
  JsonScanner scanner(response);
  if (scanner.peek() != '{') return bad_request("invalid_page", "a list response must be a JSON object");
  std::vector<JsonMember> members;
  PL_TRY(scanner.object_members(members));
  PL_TRY(scanner.finish());
  std::string_view items;
  std::int64_t total = -1;
  for (const auto& m : members) {
    if (m.key == "items" && m.value.kind == JsonSpan::Array) items = m.value.raw;
    if (m.key == "totalItems" && m.value.kind == JsonSpan::Number) total = std::atoll(std::string(m.value.raw).c_str());
  }
  if (items.empty()) return bad_request("invalid_page", "the list response has no items array");
  return std::make_pair(items, total);
}

// The collectionId server records carry when they name `c` by name under an id the replica has not
// learned yet (read from the first record: a page holds one collection's records).
std::string unlearned_server_id(const Collection& c, std::string_view records) {
  JsonScanner scanner(records);
  std::vector<JsonMember> members;
  if (scanner.peek() == '[' && !scanner.expect('[').ok()) return {};
  if (scanner.peek() != '{' || !scanner.object_members(members).ok()) return {};
  std::string name, id;
  for (const auto& m : members) {
    if (m.value.kind != JsonSpan::String) continue;
    if (m.key == "collectionName") name = decode_json_string(m.value);
    if (m.key == "collectionId") id = decode_json_string(m.value);
  }
  return name == c.name && !id.empty() && id != c.record_collection_id() ? id : std::string();
}

}  // namespace

Result<std::string> Engine::upsert(std::string_view collection, std::string_view payload,
                                   std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(const bool list, options.boolean("list", false));
  PL_ASSIGN(const bool advance, options.boolean("advanceCursor", false));
  PL_ASSIGN(const std::int64_t synced_at, options.integer("syncedAt", 0));
  std::string_view records = payload;
  std::int64_t total = -1;
  if (list) {
    PL_ASSIGN(auto items, list_items(payload));
    records = items.first, total = items.second;
  }
  if (std::string learned = unlearned_server_id(*c, records); !learned.empty()) PL_TRY(learn_server_id(*c, learned));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_ASSIGN(Json summary, apply_server_records(ctx, *c, records));
    if (advance) {
      PL_ASSIGN(Json saved, load_cursor(db_, c->name));
      PL_TRY(save_cursor(db_, c->name, advanced_cursor(saved, summary["last"], synced_at)));
    }
    summary["totalItems"] = total;
    return summary;
  });
}

Status Engine::learn_server_id(const Collection& c, const std::string& server_id) {
  PL_TRY(save_server_id(db_, c.name, server_id));
  collections_.at(c.name).server_id = server_id;
  return Ok{};
}

Result<std::string> Engine::page_end(std::string_view payload) {
  PL_ASSIGN(auto items, list_items(payload));
  std::size_t count = 0;
  std::string_view last_raw;
  PL_TRY(for_each_element(JsonSpan{JsonSpan::Array, items.first}, [&](const JsonSpan& element) -> Status {
    ++count;
    if (element.kind == JsonSpan::Object) last_raw = element.raw;
    return Ok{};
  }));
  Json last;
  if (!last_raw.empty()) {
    std::vector<JsonMember> members;
    JsonScanner scanner(last_raw);
    PL_TRY(scanner.object_members(members));
    for (const auto& m : members)
      if ((m.key == "id" || m.key == "updated") && m.value.kind == JsonSpan::String)
        last[std::string(m.key)] = decode_json_string(m.value);
  }
  return Json{{"count", count}, {"last", last}}.dump();
}

Result<std::string> Engine::apply_server_deletes(std::string_view collection, std::string_view deletes_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(auto deletes, server_deletes(deletes_json));
  return in_sync_transaction([&](SyncContext& ctx) { return ::pocketlite::apply_server_deletes(ctx, *c, deletes); });
}

Result<std::string> Engine::create(std::string_view collection, std::string_view record_json,
                                   std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Json record, parse_json(record_json, "record"));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(std::int64_t now, options.integer("now", 0));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    const auto id = record.is_object() && record.contains("id") && record["id"].is_string() ? record["id"] : Json("");
    PL_TRY(check_rule(*c, RuleOp::Create, id.get<std::string>(), record));
    return local_create(ctx, *c, record, now);
  });
}

Result<std::string> Engine::update(std::string_view collection, std::string_view id, std::string_view patch_json,
                                   std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Json patch, parse_json(patch_json, "patch"));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(std::int64_t now, options.integer("now", 0));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_TRY(check_rule(*c, RuleOp::Update, std::string(id), patch.is_object() ? patch : Json::object()));
    return local_update(ctx, *c, id, patch, now);
  });
}

Result<std::string> Engine::local_delete(std::string_view collection, std::string_view id) {
  PL_ASSIGN(const Collection* c, find(collection));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_TRY(check_rule(*c, RuleOp::Delete, std::string(id), Json::object()));
    PL_TRY(::pocketlite::local_delete(ctx, *c, id));
    return Json(true);
  });
}

Result<std::string> Engine::outbox_take(std::int64_t max) {
  return in_sync_transaction([&](SyncContext& ctx) { return ::pocketlite::outbox_take(ctx, max); });
}

Result<std::string> Engine::outbox_list(std::string_view state) {
  SyncContext ctx{db_, records_, collections_};
  PL_ASSIGN(Json list, ::pocketlite::outbox_list(ctx, std::string(state)));
  return list.dump();
}

Result<std::string> Engine::outbox_retry(std::int64_t seq, std::int64_t now) {
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_TRY(::pocketlite::outbox_retry(ctx, seq, now));
    return Json(true);
  });
}

Result<std::string> Engine::outbox_discard(std::int64_t seq) {
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_TRY(::pocketlite::outbox_discard(ctx, seq));
    return Json(true);
  });
}

namespace {

// The arguments of ack, fail and requeue: {seqs, error, server}.
struct SettleArgs {
  std::vector<std::int64_t> seqs;
  Json error;
  Json server;
  bool has_server = false;
};

Result<SettleArgs> settle_args(const Json& args) {
  SettleArgs out;
  PL_ASSIGN(out.seqs, seqs_of(args));
  PL_ASSIGN(out.server, server_record(args));
  out.error = args.contains("error") ? args.at("error") : Json();
  out.has_server = args.contains("server");
  return out;
}

Result<SettleArgs> settle_args(std::string_view args_json) {
  PL_ASSIGN(Json args, parse_json(args_json.empty() ? "{}" : args_json, "outbox arguments"));
  if (!args.is_object()) return bad_request("invalid_outbox", "outbox arguments must be a JSON object");
  return settle_args(args);
}

}  // namespace

Result<std::string> Engine::outbox_ack(std::string_view args_json) {
  PL_ASSIGN(Json args, parse_json(args_json.empty() ? "{}" : args_json, "outbox arguments"));
  const auto acks = args.is_object() ? args.find("acks") : args.end();
  if (acks == args.end() || !acks->is_array() || acks->empty())
    return bad_request("invalid_outbox", "outbox acks must be {acks: [{seqs, server}, ...]}, at least one");
  // Every answer of a batch request settles in one transaction.
  std::vector<SettleArgs> settled;
  for (const auto& ack : *acks) {
    if (!ack.is_object()) return bad_request("invalid_outbox", "each ack must be a JSON object {seqs, server}");
    PL_ASSIGN(SettleArgs one, settle_args(ack));
    settled.push_back(std::move(one));
  }
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    for (const auto& one : settled) PL_TRY(::pocketlite::outbox_ack(ctx, one.seqs, one.server));
    return Json(true);
  });
}

Result<std::string> Engine::outbox_fail(std::string_view args_json) {
  PL_ASSIGN(SettleArgs args, settle_args(args_json));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_ASSIGN(bool superseded, ::pocketlite::outbox_fail(ctx, args.seqs, args.error, args.server, args.has_server));
    return Json{{"superseded", superseded}};
  });
}

Result<std::string> Engine::outbox_requeue(std::string_view args_json) {
  PL_ASSIGN(SettleArgs args, settle_args(args_json));
  return in_sync_transaction([&](SyncContext& ctx) -> Result<Json> {
    PL_TRY(::pocketlite::outbox_requeue(ctx, args.seqs, args.error));
    return Json(true);
  });
}

Result<std::string> Engine::sync_states(std::string_view collection) {
  PL_ASSIGN(const Collection* c, find(collection));
  SyncContext ctx{db_, records_, collections_};
  PL_ASSIGN(Json states, ::pocketlite::sync_states(ctx, c->name));
  return states.dump();
}

Result<std::string> Engine::set_cursor(std::string_view name, std::string_view cursor_json) {
  PL_ASSIGN(Json cursor, parse_json(cursor_json, "cursor"));
  if (name.empty() || !cursor.is_object())
    return bad_request("invalid_cursor", "a cursor is an object saved under a name");
  PL_TRY(save_cursor(db_, name, cursor));
  return std::string("true");
}

Result<std::string> Engine::cursors() {
  PL_ASSIGN(Json all, load_cursors(db_));
  return all.dump();
}

namespace {

// The records the server has, as the replica last saw them: every row but local creates never
// confirmed (a pending row without a base), plus local deletes not yet sent; each at the server's
// version (the merge base when local changes wait, else the row's own `updated`).
std::string server_view_sql(const std::string& table) {
  return "SELECT id, v FROM (SELECT t.\"id\" AS id, COALESCE(json_extract(p.base, '$.updated'), t.\"updated\") AS v "
         "FROM " +
         table +
         " t LEFT JOIN _pl_pending p ON p.collection = ?1 AND p.record_id = t.\"id\" "
         "WHERE p.record_id IS NULL OR p.base IS NOT NULL "
         "UNION ALL SELECT record_id, json_extract(base, '$.updated') FROM _pl_pending "
         "WHERE collection = ?1 AND deleted = 1 AND base IS NOT NULL) "
         "WHERE (?2 = '' OR v >= ?2) AND (?3 = '' OR v < ?3)";
}

}  // namespace

Result<std::string> Engine::server_versions(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(const std::string from, options.string("from", ""));
  PL_ASSIGN(const std::string to, options.string("to", ""));
  PL_ASSIGN(const bool with_ids, options.boolean("ids", false));
  const Field* updated = c->find_field("updated");
  if (updated == nullptr || (updated->type != FieldType::Autodate && updated->type != FieldType::Date))
    return bad_request("no_updated_field", "'" + c->name + "' has no updated date field to compare versions by");
  const std::string view = server_view_sql(quote_identifier(c->name));
  auto bind = [&](Statement& st) {
    st.bind_text(1, c->name);
    st.bind_text(2, from);
    st.bind_text(3, to);
  };
  PL_ASSIGN(Statement count, db_.prepare("SELECT count(*) FROM (" + view + ")"));
  bind(count);
  PL_ASSIGN(const bool counted, count.step());
  (void)counted;  // count(*) always has a row
  const std::int64_t n = count.column_int(0);
  Json out{{"count", n}, {"median", nullptr}};
  // The middle version splits the range in halves of about equal size (a bisection step).
  PL_ASSIGN(Statement middle, db_.prepare("SELECT v FROM (" + view + ") ORDER BY v LIMIT 1 OFFSET ?4"));
  bind(middle);
  middle.bind_int(4, n / 2);
  PL_ASSIGN(bool found, middle.step());
  if (found) out["median"] = std::string(middle.column_text(0));
  if (with_ids) {
    PL_ASSIGN(Statement ids, db_.prepare("SELECT id FROM (" + view + ") ORDER BY id"));
    bind(ids);
    out["ids"] = Json::array();
    for (;;) {
      PL_ASSIGN(bool row, ids.step());
      if (!row) break;
      out["ids"].push_back(std::string(ids.column_text(0)));
    }
  }
  return out.dump();
}

}  // namespace pocketlite
