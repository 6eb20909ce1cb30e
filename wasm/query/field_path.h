// Resolves a filter identifier (`session.user.email`, `tags.name:lower`, `comments_via_post.votes`,
// `labels:each`, `meta.a.0`) against the schema into the relation hops it crosses and the value it
// ends on, following PocketBase's record field resolver (PocketBase's
// core/record_field_resolver.go; pinned by tests/pocketbase/filter-relations.test.ts). No SQL here:
// the compiler turns a FieldPath into joins or subqueries.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/schema.h"

namespace pocketlite {

/// One step from a row of one collection to the rows of another.
struct RelationHop {
  enum Kind {
    Forward,       // single relation field on the current row
    ForwardMulti,  // multiple relation field: one row per element
    Back,          // `other_via_field` where `field` is single and uniquely indexed: at most one row
    BackMulti,     // `other_via_field`: every row of `other` pointing here
  } kind = Forward;
  const Field* field = nullptr;  // the relation field (on the current row for Forward*, on `target` for Back*)
  const Collection* target = nullptr;
  std::string key;  // the path up to and including this hop, naming the join so equal paths share it
  [[nodiscard]] bool many() const { return kind == ForwardMulti || kind == BackMulti; }
};

/// A resolved identifier: hops, then a field of the last collection with an optional modifier.
struct FieldPath {
  std::vector<RelationHop> hops;
  const Collection* collection = nullptr;  // where the final field lives
  const Field* field = nullptr;            // nullptr for "id"
  std::string column;                      // the final field's name
  enum Modifier { None, Lower, Length, Each } modifier = None;
  bool json = false;      // the final field is json/geoPoint, read through json_extract
  std::string json_path;  // "$", "$.a[0]" ... for json fields
  /// A multiple relation/back-relation hop or `:each` over a multiple field: many values per row.
  [[nodiscard]] bool many() const;
  /// Hops or `:each` that need joins (PocketBase joins every relation; single hops can be subqueries).
  [[nodiscard]] bool needs_joins() const;
};

/// Finds a collection by id or name (nullptr when the replica does not have it).
using CollectionLookup = std::function<const Collection*(std::string_view id_or_name)>;

/// Resolves `identifier` relative to `root`; errors say which part is unknown or not allowed.
Result<FieldPath> resolve_field_path(const Collection& root, std::string_view identifier,
                                     const CollectionLookup& lookup);

}  // namespace pocketlite
