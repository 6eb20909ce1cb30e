#include "db/field_codec.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/number_parse.h"
#include "core/packed_numbers.h"
#include "db/pb_date.h"
#include "simd/byte_scan.h"

namespace pocketlite {
namespace {

enum class Storage { Text, Number, Bool, JsonArray, JsonAny, GeoPoint };

Storage storage_of(const Field& f) {
  switch (f.type) {
    case FieldType::Number:
      return Storage::Number;
    case FieldType::Bool:
      return Storage::Bool;
    case FieldType::JsonValue:
      return Storage::JsonAny;
    case FieldType::GeoPoint:
      return Storage::GeoPoint;
    case FieldType::Select:
    case FieldType::Relation:
    case FieldType::File:
      return f.multi ? Storage::JsonArray : Storage::Text;
    default:
      return Storage::Text;
  }
}

void fail(Json& errors, const Field& f, const std::string& code, const std::string& message) {
  errors[f.name] = Json{{"code", code}, {"message", message}};
}

std::string type_message(const Field& f, const char* expected, const JsonSpan& value) {
  return "'" + f.name + "' (" + field_type_name(f.type) + ") expects " + expected + ", got " + value.type_name();
}

void bind_text(Statement& st, int i, const Field& f, const JsonSpan* v, Json& errors) {
  if (v == nullptr) return st.bind_text(i, "");
  if (v->kind != JsonSpan::String) return fail(errors, f, "validation_invalid_type", type_message(f, "a string", *v));
  std::string decoded;
  std::string_view text = v->inner();
  if (v->escaped) text = decoded = decode_json_string(*v);
  if (f.type == FieldType::Date || f.type == FieldType::Autodate) {
    if (!text.empty()) {
      auto normalized = normalize_pb_date(text);
      if (!normalized)
        return fail(errors, f, "validation_invalid_date",
                    "'" + f.name + "' is not a valid date: \"" + std::string(text) + "\"");
      text = decoded = std::move(*normalized);
    }
  }
  st.bind_text(i, text);
}

// The span is a valid JSON number (the scanner checked).
double parse_double(std::string_view raw) { return parse_number(raw).value_or(0); }

void bind_number(Statement& st, int i, const Field& f, const JsonSpan* v, Json& errors) {
  if (v == nullptr) return st.bind_int(i, 0);
  if (v->kind != JsonSpan::Number) return fail(errors, f, "validation_invalid_type", type_message(f, "a number", *v));
  const double d = parse_double(v->raw);
  // Integers within ±2^53 are stored exactly as integers; anything else as a double, as PocketBase does.
  if (v->integer && std::abs(d) <= 9007199254740992.0) return st.bind_int(i, static_cast<std::int64_t>(d));
  st.bind_double(i, d);
}

void bind_bool(Statement& st, int i, const Field& f, const JsonSpan* v, Json& errors) {
  if (v == nullptr) return st.bind_int(i, 0);
  if (v->kind != JsonSpan::True && v->kind != JsonSpan::False)
    return fail(errors, f, "validation_invalid_type", type_message(f, "true or false", *v));
  st.bind_int(i, v->kind == JsonSpan::True ? 1 : 0);
}

void bind_array(Statement& st, int i, const Field& f, const JsonSpan* v, Json& errors) {
  if (v == nullptr) return st.bind_text(i, "[]");
  if (v->kind != JsonSpan::Array)
    return fail(errors, f, "validation_invalid_type", type_message(f, "an array of strings", *v));
  std::string problem;
  auto scanned = for_each_element(*v, [&](const JsonSpan& item) -> Status {
    if (item.kind != JsonSpan::String) problem = type_message(f, "an array of strings", item);
    return Ok{};
  });
  if (!scanned.ok() || !problem.empty())
    return fail(errors, f, "validation_invalid_type", problem.empty() ? scanned.error().message : problem);
  st.bind_text(i, v->raw);
}

void bind_geo(Statement& st, int i, const Field& f, const JsonSpan* v, Json& errors) {
  if (v == nullptr) return st.bind_text(i, R"({"lat":0,"lon":0})");
  std::vector<JsonMember> members;
  JsonScanner scanner(v->raw);
  const JsonSpan *lon = nullptr, *lat = nullptr;
  if (v->kind == JsonSpan::Object && scanner.object_members(members).ok())
    for (const auto& m : members) {
      if (m.key == "lon" && m.value.kind == JsonSpan::Number) lon = &m.value;
      if (m.key == "lat" && m.value.kind == JsonSpan::Number) lat = &m.value;
    }
  if (lon == nullptr || lat == nullptr)
    return fail(errors, f, "validation_invalid_type", "'" + f.name + "' expects {\"lon\": number, \"lat\": number}");
  st.bind_text(i, "{\"lat\":" + std::string(lat->raw) + ",\"lon\":" + std::string(lon->raw) + "}");
}

}  // namespace

std::string column_definition(const Field& field) {
  switch (storage_of(field)) {
    case Storage::Number:
      return "NUMERIC NOT NULL DEFAULT 0";
    case Storage::Bool:
      return "BOOLEAN NOT NULL DEFAULT FALSE";
    case Storage::JsonArray:
      return "JSON NOT NULL DEFAULT '[]'";
    case Storage::JsonAny:
      return "JSON DEFAULT NULL";
    case Storage::GeoPoint:
      return R"(JSON NOT NULL DEFAULT '{"lat":0,"lon":0}')";
    case Storage::Text:
      break;
  }
  return "TEXT NOT NULL DEFAULT ''";
}

void bind_field(Statement& stmt, int index, const Field& field, const JsonSpan* value, Json& errors) {
  switch (storage_of(field)) {
    case Storage::Text:
      return bind_text(stmt, index, field, value, errors);
    case Storage::Number:
      return bind_number(stmt, index, field, value, errors);
    case Storage::Bool:
      return bind_bool(stmt, index, field, value, errors);
    case Storage::JsonArray:
      return bind_array(stmt, index, field, value, errors);
    case Storage::GeoPoint:
      return bind_geo(stmt, index, field, value, errors);
    case Storage::JsonAny:
      if (value == nullptr || value->kind == JsonSpan::Null) return stmt.bind_null(index);
      if (field.packed_numbers && value->kind == JsonSpan::Array)
        if (auto packed = pack_numbers(value->raw)) return stmt.bind_blob(index, *packed);
      return stmt.bind_text(index, value->raw);
  }
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  const char *at = text.data(), *end = at + text.size();
  // Runs of plain characters are found 16 bytes at a time and copied whole; long text (a session's
  // searchableText, a message's content) is mostly one run.
  while (at < end) {
    const char* stop = simd::find_string_stop(at, end);
    out.append(at, stop);
    if (stop == end) break;
    const auto u = static_cast<unsigned char>(*stop);
    at = stop + 1;
    if (u >= 0x80) {
      out += *stop;  // UTF-8 goes out as it is
    } else if (u == '"' || u == '\\') {
      out += '\\';
      out += *stop;
    } else if (u == '\n') {
      out += "\\n";
    } else if (u == '\r') {
      out += "\\r";
    } else if (u == '\t') {
      out += "\\t";
    } else {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  out += '"';
}

void append_field_json(std::string& out, const Statement& stmt, int column, const Field& field) {
  switch (storage_of(field)) {
    case Storage::Text:
      return append_json_string(out, stmt.column_text(column));
    case Storage::Bool:
      out += stmt.column_int(column) != 0 ? "true" : "false";
      return;
    case Storage::Number:
      if (stmt.column_type(column) == SQLITE_INTEGER)
        out += std::to_string(stmt.column_int(column));
      else
        out += Json(stmt.column_double(column)).dump();
      return;
    case Storage::JsonAny:
    case Storage::JsonArray:
    case Storage::GeoPoint:
      // Stored as JSON text this codec wrote, so it can be spliced as is; or as a packed array.
      if (stmt.column_type(column) == SQLITE_NULL)
        out += "null";
      else if (stmt.column_type(column) != SQLITE_BLOB)
        out += stmt.column_text(column);
      else if (!append_packed_json(out, stmt.column_blob(column)))
        out += "null";  // no codec writes other BLOBs
      return;
  }
}

std::string field_sql(const Field* field, const std::string& column) {
  return field != nullptr && field->packed_numbers ? "pl_json(" + column + ")" : column;
}

std::optional<std::string> convert_column_sql(const Field& from, const Field& to, const std::string& packed_source) {
  const Storage a = storage_of(from), b = storage_of(to);
  if (a == b) return packed_source;
  // A packed array becomes JSON text first (a json field's text passes through pl_json() as it is).
  const std::string source = a == Storage::JsonAny ? "pl_json(" + packed_source + ")" : packed_source;
  if (a == Storage::Text && b == Storage::JsonArray)
    return "CASE WHEN " + source + " = '' THEN '[]' ELSE json_array(" + source + ") END";
  if (a == Storage::JsonArray && b == Storage::Text)  // PocketBase keeps the last value
    return "COALESCE(json_extract(" + source + ", '$[#-1]'), '')";
  if (b == Storage::Text) return "COALESCE(CAST(" + source + " AS TEXT), '')";
  if (b == Storage::Number && (a == Storage::Text || a == Storage::Bool))
    return "COALESCE(CAST(" + source + " AS NUMERIC), 0)";
  if (b == Storage::Bool && a == Storage::Number) return "(" + source + " != 0)";
  if (b == Storage::Bool && a == Storage::Text) return "(" + source + " IN ('true', '1'))";
  if (b == Storage::JsonAny && a != Storage::Text) return source;
  if (b == Storage::JsonAny)
    return "CASE WHEN json_valid(" + source + ") THEN " + source + " ELSE json_quote(" + source + ") END";
  return std::nullopt;
}

}  // namespace pocketlite
