#include "query/field_path.h"

#include "core/limits.h"
#include "db/index_sql.h"

namespace pocketlite {
namespace {

Error path_error(const std::string& message) { return bad_request("invalid_filter", message); }

std::vector<std::string> split_path(std::string_view identifier) {
  std::vector<std::string> props;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = identifier.find('.', start);
    props.emplace_back(identifier.substr(start, dot - start));
    if (dot == std::string_view::npos) return props;
    start = dot + 1;
  }
}

// select, relation and file fields hold lists (PocketBase's MultiValuer); :each and :length apply.
bool multi_valuer(const Field* f) {
  return f != nullptr && (f->type == FieldType::Select || f->type == FieldType::Relation || f->type == FieldType::File);
}

// PocketBase treats a back-relation as single only when its field has a one-column unique index.
bool has_unique_index(const Collection& c, const std::string& column) {
  for (const auto& sql : c.indexes) {
    auto spec = parse_index_sql(sql);
    if (spec.ok() && spec.value().unique && spec.value().columns.size() == 1 && spec.value().columns[0].name == column)
      return true;
  }
  return false;
}

// `other_via_field`: the rows of `other` whose relation `field` points at the current collection.
Result<RelationHop> back_relation(const Collection& current, const std::string& prop, const CollectionLookup& lookup) {
  const std::size_t via = prop.rfind("_via_");
  if (via == std::string::npos || via == 0 || via + 5 >= prop.size())
    return path_error("unknown field '" + prop + "' in '" + current.name + "'");
  const Collection* other = lookup(prop.substr(0, via));
  if (other == nullptr) return path_error("back-relation '" + prop + "': no collection '" + prop.substr(0, via) + "'");
  const std::string field_name = prop.substr(via + 5);
  const Field* f = other->find_field(field_name);
  if (f == nullptr || f->type != FieldType::Relation)
    return path_error("back-relation '" + prop + "': '" + field_name + "' is not a relation of '" + other->name + "'");
  if (!current.has_id(f->collection_id) && f->collection_id != current.name)
    return path_error("back-relation '" + prop + "': '" + field_name + "' does not point to '" + current.name + "'");
  if (!f->stored()) return path_error("back-relation '" + prop + "': '" + field_name + "' is hidden");
  const bool single = !f->multi && has_unique_index(*other, f->name);
  return RelationHop{single ? RelationHop::Back : RelationHop::BackMulti, f, other, ""};
}

// The rest of a json (or geoPoint) field's path as a JSON path ("$.a[0]").
Result<std::string> json_path(const std::vector<std::string>& props, std::size_t from) {
  std::string path = "$";
  for (std::size_t i = from; i < props.size(); ++i) {
    const std::string& key = props[i];
    if (key.empty() || key.find(':') != std::string::npos)
      return path_error("modifiers are not supported inside json paths");
    const bool index = key.find_first_not_of("0123456789") == std::string::npos;
    path += index ? "[" + key + "]" : ".\"" + key + "\"";
  }
  return path;
}

// The last prop: `name[:modifier]`. Unknown modifiers make the whole text a (missing) field name,
// and :each / :length on fields that are not lists are ignored, as PocketBase does.
Status last_prop(const Collection& c, const std::string& prop, FieldPath& out) {
  std::string name = prop;
  std::string modifier;
  if (const auto colon = prop.find(':'); colon != std::string::npos && prop.find(':', colon + 1) == std::string::npos)
    name = prop.substr(0, colon), modifier = prop.substr(colon + 1);
  const Field* f = c.find_field(name);
  if (f == nullptr && name != "id") return path_error("unknown field '" + prop + "' in '" + c.name + "'");
  if (f != nullptr && !f->stored()) return path_error("'" + name + "' is hidden and cannot be filtered");
  out.collection = &c;
  out.field = f;
  out.column = name;
  if (modifier == "lower")
    out.modifier = FieldPath::Lower;
  else if ((modifier == "each" || modifier == "length") && multi_valuer(f))
    out.modifier = modifier == "each" ? FieldPath::Each : FieldPath::Length;
  else if (!modifier.empty() && modifier != "each" && modifier != "length" && modifier != "isset" &&
           modifier != "changed")
    return path_error("unknown field '" + prop + "' in '" + c.name + "'");
  if (f != nullptr && f->type == FieldType::JsonValue) out.json = true, out.json_path = "$";
  return Ok{};
}

}  // namespace

bool FieldPath::many() const {
  for (const auto& hop : hops)
    if (hop.many()) return true;
  return modifier == Each && field != nullptr && field->multi;
}

bool FieldPath::needs_joins() const { return many() || modifier == Each; }

Result<FieldPath> resolve_field_path(const Collection& root, std::string_view identifier,
                                     const CollectionLookup& lookup) {
  const std::vector<std::string> props = split_path(identifier);
  FieldPath out;
  const Collection* current = &root;
  std::string key;
  for (std::size_t i = 0; i + 1 < props.size(); ++i) {
    const std::string& prop = props[i];
    const Field* f = current->find_field(prop);
    if (f != nullptr && !f->stored()) return path_error("'" + prop + "' is hidden and cannot be filtered");
    if (f != nullptr && (f->type == FieldType::JsonValue || f->type == FieldType::GeoPoint)) {
      PL_ASSIGN(out.json_path, json_path(props, i + 1));
      out.collection = current, out.field = f, out.column = prop, out.json = true;
      return out;
    }
    if (i >= kMaxRelationHops)
      return path_error("more than " + std::to_string(kMaxRelationHops) + " relation hops in '" +
                        std::string(identifier) + "'");
    key += (key.empty() ? "" : ".") + prop;
    RelationHop hop;
    if (f == nullptr) {
      PL_ASSIGN(hop, back_relation(*current, prop, lookup));
    } else {
      if (f->type != FieldType::Relation) return path_error("'" + prop + "' is not a relation or json field");
      // `rel.id` on a single relation is the relation's own column: no join, as in PocketBase.
      if (!f->multi && i + 2 == props.size() && props[i + 1] == "id") {
        PL_TRY(last_prop(*current, prop, out));
        return out;
      }
      const Collection* target = lookup(f->collection_id);
      if (target == nullptr)
        return path_error("relation '" + prop + "' points to a collection the replica does not have");
      hop = RelationHop{f->multi ? RelationHop::ForwardMulti : RelationHop::Forward, f, target, ""};
    }
    // A collection only superusers may list cannot be joined by anyone else (the server answers 400).
    if (auto rule = hop.target->definition.find("listRule"); rule != hop.target->definition.end() && rule->is_null())
      return path_error("'" + prop + "' leads to '" + hop.target->name + "', whose records only superusers may list");
    hop.key = key;
    current = hop.target;
    out.hops.push_back(std::move(hop));
  }
  PL_TRY(last_prop(*current, props.back(), out));
  return out;
}

}  // namespace pocketlite
