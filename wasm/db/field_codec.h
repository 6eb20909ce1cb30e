// How each PocketBase field type is stored in a SQLite column, checked on the way in, and
// written back as the JSON the REST API returns.
#pragma once

#include <optional>
#include <string>

#include "core/json_scan.h"
#include "db/schema.h"
#include "db/sqlite.h"

namespace pocketlite {

/// How strictly incoming values are checked. Server records were validated by PocketBase
/// already (and may predate a tightened rule), so sync only checks what storage needs.
enum class Validation {
  Types,       // JSON types and formats the column can hold (server data)
  Constraints  // also the collection's constraints, as the server checks them (field_constraints.h)
};

/// The column type and default for a field, e.g. `TEXT NOT NULL DEFAULT ''`.
std::string column_definition(const Field& field);

/// Checks `value` (nullptr: key absent, stored as the field's default) and binds it at `index`.
/// Problems are added to `errors` under the field's name; nothing is bound then.
void bind_field(Statement& stmt, int index, const Field& field, const JsonSpan* value, Json& errors);

/// Appends the column's value as PocketBase JSON.
void append_field_json(std::string& out, const Statement& stmt, int column, const Field& field);

/// Appends `text` as a JSON string literal.
void append_json_string(std::string& out, std::string_view text);

/// The SQL reading `column` (e.g. `t0."embedding"`) as JSON text where the field may hold packed
/// number arrays, for SQL that inspects values (filters, grouping); the column as it is otherwise
/// (also for `id`, which has no Field: nullptr).
std::string field_sql(const Field* field, const std::string& column);

/// The SQL expression that converts column `source` of `from` to the storage of `to` during a
/// table rebuild (e.g. a single relation that became multiple is wrapped in an array); nullopt
/// when no conversion makes sense and the column should take its default.
std::optional<std::string> convert_column_sql(const Field& from, const Field& to, const std::string& source);

}  // namespace pocketlite
