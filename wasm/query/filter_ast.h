// The parsed form of a PocketBase filter (PocketBase's fexpr grammar; behaviour pinned against a
// real server by tests/pocketbase/filter-differential.test.ts): a flat list of items joined by &&
// or || exactly as written (PocketBase defines no precedence of its own and copies the joins into
// SQL, so SQL's AND-before-OR applies), each item a comparison or a parenthesised group.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace pocketlite {

/// One side of a comparison, or an argument of a function.
struct FilterOperand {
  enum Kind { Identifier, String, Number, Function } kind = Identifier;
  std::string text;  // identifier as written, decoded string, the number's text, or the function name
  std::size_t position = 0;
  std::vector<FilterOperand> args;  // a function's arguments
};

/// `left op right`, op one of = != > >= < <= ~ !~ and their ?-prefixed any-of forms.
struct FilterComparison {
  FilterOperand left;
  std::string op;
  FilterOperand right;
  std::size_t position = 0;
};

struct FilterExpr;

/// An item of a group: its join to the previous item ("" for the first) and its content.
struct FilterItem {
  std::string join;                              // "", "&&" or "||"
  std::unique_ptr<FilterComparison> comparison;  // set for a comparison
  std::unique_ptr<FilterExpr> group;             // set for a parenthesised group
};

struct FilterExpr {
  std::vector<FilterItem> items;
};

}  // namespace pocketlite
