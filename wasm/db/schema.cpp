#include "db/schema.h"

#include <array>
#include <utility>

namespace pocketlite {
namespace {

constexpr std::array<std::pair<const char*, FieldType>, 14> kFieldTypes{{
    {"text", FieldType::Text},
    {"editor", FieldType::Editor},
    {"number", FieldType::Number},
    {"bool", FieldType::Bool},
    {"email", FieldType::Email},
    {"url", FieldType::Url},
    {"date", FieldType::Date},
    {"autodate", FieldType::Autodate},
    {"select", FieldType::Select},
    {"relation", FieldType::Relation},
    {"file", FieldType::File},
    {"json", FieldType::JsonValue},
    {"geoPoint", FieldType::GeoPoint},
    {"password", FieldType::Password},
}};

std::optional<FieldType> field_type_from(std::string_view name) {
  for (const auto& [text, type] : kFieldTypes)
    if (name == text) return type;
  return std::nullopt;
}

std::string string_or(const Json& object, const char* key, std::string fallback = {}) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

bool bool_or(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::optional<double> number_opt(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

Error invalid(const std::vector<std::string>& path, const std::string& code, const std::string& message) {
  Error error = bad_request("invalid_schema", "Invalid collection definition: " + message);
  add_field_error(error.data, path, code, message);
  return error;
}

Result<Field> parse_field(const Json& json, const std::string& where_index) {
  const std::vector<std::string> at{"fields", where_index};
  if (!json.is_object()) return invalid(at, "validation_invalid_type", "field " + where_index + " is not an object");
  Field field;
  field.name = string_or(json, "name");
  field.id = string_or(json, "id", field.name);
  if (!is_valid_name(field.name))
    return invalid({"fields", where_index, "name"}, "validation_invalid_format",
                   "field " + where_index + " has an invalid name '" + field.name + "' (allowed: letters, digits, _)");
  auto type = field_type_from(string_or(json, "type"));
  if (!type)
    return invalid({"fields", where_index, "type"}, "validation_invalid_value",
                   "field '" + field.name + "' has an unknown type '" + string_or(json, "type") + "'");
  field.type = *type;
  field.hidden = bool_or(json, "hidden");
  field.required = bool_or(json, "required");
  field.only_int = bool_or(json, "onlyInt");
  field.cascade_delete = bool_or(json, "cascadeDelete");
  field.on_create = bool_or(json, "onCreate");
  field.on_update = bool_or(json, "onUpdate");
  field.min = number_opt(json, "min");
  field.max = number_opt(json, "max");
  const bool selectable =
      field.type == FieldType::Select || field.type == FieldType::Relation || field.type == FieldType::File;
  if (selectable) {
    field.max_select = static_cast<int>(number_opt(json, "maxSelect").value_or(1));
    field.multi = field.max_select > 1;
  }
  field.collection_id = string_or(json, "collectionId");
  if (field.type == FieldType::Date) field.date_min = string_or(json, "min"), field.date_max = string_or(json, "max");
  field.max_size = static_cast<std::int64_t>(number_opt(json, "maxSize").value_or(0));
  for (auto [key, list] :
       {std::pair{"onlyDomains", &field.only_domains}, std::pair{"exceptDomains", &field.except_domains}})
    if (auto it = json.find(key); it != json.end() && it->is_array())
      for (const auto& v : *it)
        if (v.is_string()) list->push_back(v.get<std::string>());
  if (auto it = json.find("values"); it != json.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) field.values.push_back(v.get<std::string>());
  return field;
}

}  // namespace

std::vector<const Field*> Collection::stored_fields() const {
  std::vector<const Field*> out;
  for (const auto& f : fields)
    if (f.stored()) out.push_back(&f);
  return out;
}

const Field* Collection::find_field(std::string_view field_name) const {
  for (const auto& f : fields)
    if (f.name == field_name) return &f;
  return nullptr;
}

bool is_valid_name(std::string_view text) {
  if (text.empty() || text.size() > 255) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool is_internal_collection(std::string_view name) { return !name.empty() && name.front() == '_'; }

const char* field_type_name(FieldType type) {
  for (const auto& [text, t] : kFieldTypes)
    if (t == type) return text;
  return "unknown";
}

Result<Collection> parse_collection(const Json& definition) {
  if (!definition.is_object())
    return invalid({"collection"}, "validation_invalid_type", "a collection must be a JSON object");
  Collection c;
  c.name = string_or(definition, "name");
  c.id = string_or(definition, "id", c.name);
  if (!is_valid_name(c.name))
    return invalid({"name"}, "validation_invalid_format",
                   "collection name '" + c.name + "' is invalid (allowed: letters, digits, _)");
  if (c.name.rfind("_pl_", 0) == 0)
    return invalid({"name"}, "validation_reserved", "collection name '" + c.name + "' uses the reserved prefix _pl_");
  c.type = string_or(definition, "type", "base");
  if (c.type != "base" && c.type != "auth" && c.type != "view")
    return invalid({"type"}, "validation_invalid_value",
                   "collection '" + c.name + "' has an unknown type '" + c.type + "'");
  c.system = bool_or(definition, "system");
  // Only what describes the data is kept: timestamps would make every fetch look like a change,
  // and auth options (token secrets, templates) have no business in a client database.
  for (const char* key : {"id", "name", "type", "system", "fields", "indexes", "listRule", "viewRule", "createRule",
                          "updateRule", "deleteRule", "viewQuery"})
    if (auto it = definition.find(key); it != definition.end()) c.definition[key] = *it;
  const auto fields = definition.find("fields");
  if (fields == definition.end() || !fields->is_array())
    return invalid({"fields"}, "validation_required", "collection '" + c.name + "' has no fields array");
  for (std::size_t i = 0; i < fields->size(); ++i) {
    PL_ASSIGN(Field field, parse_field((*fields)[i], std::to_string(i)));
    if (field.name == "id") continue;  // the primary key is implicit
    if (c.find_field(field.name) != nullptr)
      return invalid({"fields", std::to_string(i), "name"}, "validation_not_unique",
                     "collection '" + c.name + "' has two fields named '" + field.name + "'");
    c.fields.push_back(std::move(field));
  }
  if (auto it = definition.find("indexes"); it != definition.end() && it->is_array())
    for (const auto& index : *it)
      if (index.is_string()) c.indexes.push_back(index.get<std::string>());
  return c;
}

Result<std::vector<Collection>> parse_schema(const Json& schema) {
  const Json* list = &schema;
  if (schema.is_object() && schema.contains("items")) list = &schema["items"];
  if (!list->is_array()) return bad_request("invalid_schema", "a schema must be an array of collection definitions");
  std::vector<Collection> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto parsed = parse_collection((*list)[i]);
    if (!parsed.ok()) {
      Error error = parsed.take_error();
      error.message += " (collection " + std::to_string(i) + ")";
      error.data = Json{{std::to_string(i), error.data}};
      return error;
    }
    out.push_back(std::move(parsed).value());
  }
  return out;
}

}  // namespace pocketlite
