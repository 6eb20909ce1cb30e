// The flat surface the bindings forward to: engines addressed by integer handles, one function per
// engine call. A reply is either the JSON result, or kErrorMark followed by the error envelope
// {status, code, message, data}: JS checks the first character, so a successful reply (often a
// large record list) is never copied into a wrapper. A call that may commit replies
// {"value": <result>, "effects": <what it did>} (Engine::take_effects): JavaScript learns what
// changed from the reply itself, with no call to ask.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pocketlite::api {

/// First character of an error reply (never the first character of JSON).
constexpr char kErrorMark = '\x01';

/// The limits and names JavaScript shares with the engine, as JSON (read once at load).
std::string constants();

/// Opens a replica database; `volatile_storage` when the store keeps nothing across restarts.
std::string open(const std::string& path, const std::string& owner_id, bool volatile_storage = false);
std::string close(int handle);
/// How much a write's effects say of records: 0 tables only, 1 ids, 2 values (EffectDetail).
std::string set_effect_detail(int handle, int detail);

// Reads.
std::string collections(int handle);
/// One record; `expand` as in PocketBase's REST API ("" for none).
std::string get_one(int handle, const std::string& collection, const std::string& id, const std::string& expand = "");
std::string get_list(int handle, const std::string& collection, const std::string& options);
std::string count(int handle, const std::string& collection, const std::string& options);
std::string tables_read(int handle, const std::string& collection, const std::string& options);
std::string search(int handle, const std::string& collection, const std::string& options);
std::string vector_search(int handle, const std::string& collection, const std::string& options,
                          std::string_view query);
std::string similar(int handle, const std::string& collection, const std::string& options);
std::string vector_stats(int handle, const std::string& collection, const std::string& options);
std::string rollup(int handle, const std::string& name);
std::string aggregate(int handle, const std::string& collection, const std::string& spec);
std::string storage_stats(int handle);
std::string column_stats(int handle);
std::string page_end(int handle, std::string_view page);
std::string sync_states(int handle, const std::string& collection);
std::string cursors(int handle);
std::string server_versions(int handle, const std::string& collection, const std::string& options);
std::string outbox_list(int handle, const std::string& state);
/// What the collection's rule says of a write: "true", "false" or "null" (only the server can tell).
std::string can_create(int handle, const std::string& collection, const std::string& id, std::string_view body);
std::string can_update(int handle, const std::string& collection, const std::string& id, std::string_view body);
std::string can_delete(int handle, const std::string& collection, const std::string& id);

// Writes: each replies {value, effects}.
std::string apply_schema(int handle, std::string_view schema, const std::string& options);
std::string define_search(int handle, const std::string& collection, const std::string& fields);
std::string define_vectors(int handle, const std::string& collection, const std::string& options);
std::string define_rollup(int handle, const std::string& collection, const std::string& spec);
std::string drop_rollup(int handle, const std::string& name);
/// Server records in (the one ingest path, Engine::upsert).
std::string upsert(int handle, const std::string& collection, std::string_view records, const std::string& options);
std::string apply_deletes(int handle, const std::string& collection, std::string_view deletes);
std::string create(int handle, const std::string& collection, std::string_view record, const std::string& options);
std::string update(int handle, const std::string& collection, const std::string& id, std::string_view patch,
                   const std::string& options);
std::string remove(int handle, const std::string& collection, const std::string& id);
std::string set_cursor(int handle, const std::string& name, std::string_view cursor);
std::string outbox_take(int handle, std::int64_t max);
std::string outbox_ack(int handle, std::string_view args);
std::string outbox_fail(int handle, std::string_view args);
std::string outbox_requeue(int handle, std::string_view args);
std::string outbox_retry(int handle, std::int64_t seq, std::int64_t now);
std::string outbox_discard(int handle, std::int64_t seq);

}  // namespace pocketlite::api
