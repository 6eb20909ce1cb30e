// PocketBase's `expand` from local rows (Engine::expand_records). Each relation name resolves as a
// filter's does (query/field_path.h: hidden fields, back-relations, superuser-only collections),
// so expand and filters follow relations by one set of rules.
#include <functional>
#include <map>

#include "core/json_parse.h"
#include "core/limits.h"
#include "engine/engine.h"
#include "query/field_path.h"
#include "query/filter_compiler.h"

namespace pocketlite {

// The expand paths as a tree: `a.b,a.c,d` is {a: {b, c}, d}.
struct ExpandTree {
  std::map<std::string, ExpandTree> children;
};

namespace {

// Spaces and empty names are dropped; paths are cut at the relation-hop limit, as the server does.
ExpandTree expand_tree(std::string_view spec) {
  ExpandTree root;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string_view::npos) end = spec.size();
    ExpandTree* node = &root;
    std::size_t depth = 0, part = start;
    while (part < end && depth < kMaxRelationHops) {
      std::size_t dot = spec.find('.', part);
      if (dot == std::string_view::npos || dot > end) dot = end;
      std::string name;
      for (char ch : spec.substr(part, dot - part))
        if (ch != ' ') name += ch;
      if (!name.empty()) node = &node->children[name], ++depth;
      part = dot + 1;
    }
    start = end + 1;
  }
  return root;
}

std::vector<std::string> ids_in(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string() && !value.get<std::string>().empty()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

// The rows of `c` that `where` (over t0, ?1 bound to `arg`) selects, in storage order (limit -1: all).
Result<std::vector<Json>> Engine::expand_rows(const Collection& c, const std::string& where, const std::string& arg,
                                              std::int64_t limit) {
  PL_ASSIGN(std::string columns, records_.record_columns(c));
  PL_ASSIGN(Statement st, db_.prepare("SELECT " + columns + " FROM " + quote_identifier(c.name) + " t0 WHERE " + where +
                                      " ORDER BY t0.rowid LIMIT " + std::to_string(limit)));
  st.bind_text(1, arg);
  std::vector<Json> out;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    std::string text;
    PL_TRY(records_.append_record(text, c, st));
    out.push_back(Json::parse(text, nullptr, false));
  }
  return out;
}

// One level of the tree on `records` of `c`: each child relation's rows are read (once for all
// records, but a multiple back-relation per record, to keep each record's own order), expanded
// further, then copied under each record's `expand`.
Status Engine::expand_level(const Collection& c, const std::vector<Json*>& records, const ExpandTree& tree) {
  const CollectionLookup lookup = filter_context(c).lookup;
  for (const auto& [name, subtree] : tree.children) {
    auto resolved = resolve_field_path(c, name + ".id", lookup);
    if (!resolved.ok()) continue;  // the server skips what it cannot expand, silently
    const FieldPath& path = resolved.value();
    const RelationHop::Kind kind = path.hops.empty() ? RelationHop::Forward : path.hops[0].kind;
    const Field* field = path.hops.empty() ? path.field : path.hops[0].field;
    const Collection* target = path.hops.empty() ? lookup(field->collection_id) : path.hops[0].target;
    if (field == nullptr || target == nullptr) continue;
    const bool forward = kind == RelationHop::Forward || kind == RelationHop::ForwardMulti;
    const std::string column = "t0." + quote_identifier(field->name);
    std::vector<std::vector<std::string>> related(records.size());
    std::map<std::string, Json> rows;
    auto keep = [&](std::vector<Json> found) {
      for (auto& row : found) rows.emplace(row["id"].get<std::string>(), std::move(row));
    };
    if (kind == RelationHop::BackMulti) {
      for (std::size_t i = 0; i < records.size(); ++i) {
        PL_ASSIGN(std::vector<Json> found,
                  expand_rows(*target, "EXISTS (SELECT 1 FROM json_each(" + as_array(column) + ") WHERE value = ?1)",
                              (*records[i])["id"].get<std::string>(), kMaxBackRelationExpand));
        for (const auto& row : found) related[i].push_back(row["id"].get<std::string>());
        keep(std::move(found));
      }
    } else {
      Json keys = Json::array();  // the ids pointed to (forward), or the records' own ids (back)
      for (Json* record : records)
        for (const auto& id : forward ? ids_in(record->value(field->name, Json())) : ids_in((*record)["id"]))
          keys.push_back(id);
      if (keys.empty()) continue;
      const std::string where = (forward ? std::string("t0.\"id\"") : column) + " IN (SELECT value FROM json_each(?1))";
      PL_ASSIGN(std::vector<Json> found, expand_rows(*target, where, keys.dump(), -1));
      if (!forward)  // storage order, at most the server's limit per record
        for (std::size_t i = 0; i < records.size(); ++i)
          for (const auto& row : found)
            if (row.value(field->name, Json()) == (*records[i])["id"] &&
                related[i].size() < static_cast<std::size_t>(kMaxBackRelationExpand))
              related[i].push_back(row["id"].get<std::string>());
      keep(std::move(found));
      if (forward)
        for (std::size_t i = 0; i < records.size(); ++i)
          for (const auto& id : ids_in(records[i]->value(field->name, Json())))
            if (rows.count(id) != 0) related[i].push_back(id);
    }
    std::vector<Json*> next;
    for (auto& [id, row] : rows) next.push_back(&row);
    if (!subtree.children.empty() && !next.empty()) PL_TRY(expand_level(*target, next, subtree));
    const bool many = kind == RelationHop::ForwardMulti || kind == RelationHop::BackMulti;
    for (std::size_t i = 0; i < records.size(); ++i) {
      Json& record = *records[i];
      // The server sends `expand: {}` on every record an expand step reached, even with no match.
      if (!record.contains("expand")) record["expand"] = Json::object();
      if (related[i].empty()) continue;
      if (!many) {
        record["expand"][name] = rows.at(related[i][0]);
        continue;
      }
      Json list = Json::array();
      for (const auto& id : related[i]) list.push_back(rows.at(id));
      record["expand"][name] = std::move(list);
    }
  }
  return Ok{};
}

// The tree's relations resolved as expand_level resolves them, without reading a row.
void Engine::expand_tables(const Collection& c, std::string_view spec, std::set<std::string>& names) const {
  const std::function<void(const Collection&, const ExpandTree&)> walk = [&](const Collection& from,
                                                                             const ExpandTree& tree) {
    const CollectionLookup lookup = filter_context(from).lookup;
    for (const auto& [name, subtree] : tree.children) {
      auto resolved = resolve_field_path(from, name + ".id", lookup);
      if (!resolved.ok()) continue;
      const FieldPath& path = resolved.value();
      const Collection* target = path.hops.empty()
                                     ? (path.field != nullptr ? lookup(path.field->collection_id) : nullptr)
                                     : path.hops[0].target;
      if (target == nullptr) continue;
      names.insert(target->name);
      walk(*target, subtree);
    }
  };
  walk(c, expand_tree(spec));
}

Result<std::string> Engine::expand_records(const Collection& c, std::string_view records_json, std::string_view spec) {
  const ExpandTree tree = expand_tree(spec);
  if (tree.children.empty()) return std::string(records_json);
  PL_ASSIGN(Json records, parse_json(records_json, "records"));
  std::vector<Json*> pointers;
  if (records.is_array()) {
    for (auto& r : records)
      if (r.is_object() && r.contains("id")) pointers.push_back(&r);
  } else if (records.is_object() && records.contains("id")) {
    pointers.push_back(&records);
  }
  PL_TRY(expand_level(c, pointers, tree));
  return records.dump();
}

}  // namespace pocketlite
