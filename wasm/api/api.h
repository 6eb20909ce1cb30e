// The flat surface the bindings forward to: engines addressed by integer handles, every call
// taking and returning strings. A reply is either the JSON result, or kErrorMark followed by the
// error envelope {status, code, message, data}: JS checks the first character, so a successful
// reply (often a large record list) is never copied into a wrapper.
#pragma once

#include <string>

namespace pocketlite::api {

/// First character of an error reply (never the first character of JSON).
constexpr char kErrorMark = '\x01';

std::string open(const std::string& path, const std::string& owner_id);
std::string close(int handle);
std::string apply_schema(int handle, const std::string& schema, const std::string& options);
std::string collections(int handle);
std::string upsert(int handle, const std::string& collection, const std::string& records, const std::string& options);
std::string get_one(int handle, const std::string& collection, const std::string& id);
std::string list(int handle, const std::string& collection, const std::string& options);
std::string remove(int handle, const std::string& collection, const std::string& id);
std::string count(int handle, const std::string& collection);
/// The engine's constants (error codes, format version) as JSON, so JS never copies them by hand.
std::string constants();

}  // namespace pocketlite::api
