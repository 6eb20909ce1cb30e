// The replica's model of a PocketBase collection, parsed from the JSON that
// GET /api/collections returns (also the Dashboard's export format).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace pocketlite {

/// PocketBase field types (PocketBase's core/field_*.go; their round trips are pinned by
/// tests/pocketbase/roundtrip.test.ts).
enum class FieldType {
  Text,
  Editor,
  Number,
  Bool,
  Email,
  Url,
  Date,
  Autodate,
  Select,
  Relation,
  File,
  JsonValue,
  GeoPoint,
  Password
};

/// One field of a collection, with the options the replica uses to store and validate values.
struct Field {
  std::string id;
  std::string name;
  FieldType type = FieldType::Text;
  bool hidden = false;
  bool required = false;
  bool multi = false;  // select / relation / file with maxSelect > 1
  int max_select = 1;
  std::vector<std::string> values;  // select: allowed values
  std::string collection_id;        // relation: the target collection
  std::optional<double> min, max;   // number bounds (text: lengths)
  bool only_int = false;
  std::string date_min, date_max;                         // date bounds (PocketBase form; "" = none)
  std::vector<std::string> only_domains, except_domains;  // email, url
  std::int64_t max_size = 0;                              // json: bytes (0 = PocketBase's 1 MB default)
  bool cascade_delete = false;                            // relation: deleting the target deletes this record
  bool on_create = false;                                 // autodate: stamped when the record is created
  bool on_update = false;                                 // autodate: stamped on every update
  bool packed_numbers = false;  // a declared vector field (json): number arrays stored packed (core/packed_numbers.h)

  /// Stored in the local table (password and hidden fields are never replicated).
  [[nodiscard]] bool stored() const { return !hidden && type != FieldType::Password; }
};

/// One collection: its identity, fields, and the index statements PocketBase reports.
struct Collection {
  std::string id;
  std::string name;
  std::string type;  // "base", "auth" or "view"
  bool system = false;
  std::vector<Field> fields;  // excluding "id", which every collection has
  std::vector<std::string> indexes;
  Json definition;        // the data-describing keys of the JSON it was parsed from, stored for later diffs
  std::string server_id;  // the server's id for it, when learned and not `id` (db/collection_ids.h)

  /// The collectionId its records carry: the server's id once learned.
  [[nodiscard]] const std::string& record_collection_id() const { return server_id.empty() ? id : server_id; }
  /// Whether `collection_id` names this collection, locally or on the server.
  [[nodiscard]] bool has_id(std::string_view collection_id) const {
    return collection_id == id || (!server_id.empty() && collection_id == server_id);
  }

  /// Fields that have a column, in declaration order.
  [[nodiscard]] std::vector<const Field*> stored_fields() const;
  [[nodiscard]] const Field* find_field(std::string_view field_name) const;
  [[nodiscard]] bool is_auth() const { return type == "auth"; }
};

/// Parses one collection definition; errors name the offending key path.
Result<Collection> parse_collection(const Json& definition);

/// Parses a schema: an array of collection definitions (or {"items":[...]} as the list API returns).
Result<std::vector<Collection>> parse_schema(const Json& schema);

/// True for PocketBase's internal collections (_superusers, _mfas, ...), which are not replicated.
bool is_internal_collection(std::string_view name);

/// Names are restricted to [A-Za-z0-9_] so they can never carry SQL.
bool is_valid_name(std::string_view text);

const char* field_type_name(FieldType type);

}  // namespace pocketlite
