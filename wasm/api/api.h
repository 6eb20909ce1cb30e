// The flat surface the bindings forward to: engines addressed by integer handles, every call
// taking and returning strings. A reply is either the JSON result, or kErrorMark followed by the
// error envelope {status, code, message, data}: JS checks the first character, so a successful
// reply (often a large record list) is never copied into a wrapper.
#pragma once

#include <string>
#include <string_view>

namespace pocketlite::api {

/// First character of an error reply (never the first character of JSON).
constexpr char kErrorMark = '\x01';

/// Opens a replica database; `volatile_storage` when the store keeps nothing across restarts.
std::string open(const std::string& path, const std::string& owner_id, bool volatile_storage = false);
std::string close(int handle);
std::string apply_schema(int handle, std::string_view schema, const std::string& options);
std::string collections(int handle);
std::string upsert(int handle, const std::string& collection, std::string_view records, const std::string& options);
std::string get_one(int handle, const std::string& collection, const std::string& id);
std::string get_list(int handle, const std::string& collection, const std::string& options);
std::string count(int handle, const std::string& collection, const std::string& options);
std::string tables_read(int handle, const std::string& collection, const std::string& options);
std::string take_changes(int handle);
std::string define_search(int handle, const std::string& collection, const std::string& fields);
std::string search(int handle, const std::string& collection, const std::string& options);

/// The vector calls, by name (define, search, similar, stats); `payload` is a query vector's
/// float32 bytes for search.
std::string vectors(int handle, std::string_view op, const std::string& collection, const std::string& options,
                    std::string_view payload);
/// The analytics calls: defineRollup and aggregate (options: the spec), rollup and dropRollup
/// (options: the rollup's name), storage (rows and bytes per collection), columns (the column
/// store's size).
std::string analytics(int handle, std::string_view op, const std::string& collection, const std::string& options);
/// The sync calls, by name (applyServer, pageEnd, applyDeletes, create, update, delete, outbox:<op>,
/// syncStates, cursors, setCursor, serverVersions); `payload` carries records, ids or the record being written.
std::string sync(int handle, std::string_view op, const std::string& collection, const std::string& id,
                 const std::string& args, std::string_view payload);

}  // namespace pocketlite::api
