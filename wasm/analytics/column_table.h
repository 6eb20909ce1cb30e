// The analytics column store: one collection's fields held as columns in row order, numbers and
// dates as doubles, everything else dictionary-encoded. The engine keeps it current from the rows
// each committed transaction wrote, so a one-off aggregation scans arrays, not SQLite pages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/sqlite.h"

namespace pocketlite {

/// The distinct values of a text column. Code 0 is NULL; a value keeps its code for the
/// column's life (codes of values no row holds any more are reused only by a rebuild).
class Dictionary {
 public:
  struct Entry {
    std::string text;  // as a dimension reads it: a number as its JSON form
    bool is_number = false;
    double number = 0;  // the number, the date as ms, or NaN: what a measure reads
  };
  Dictionary();
  std::uint32_t code_of(const SqlValue& value);
  /// The code of text `s`, if some row ever held it.
  [[nodiscard]] std::optional<std::uint32_t> find_text(const std::string& s) const;
  [[nodiscard]] const Entry& at(std::uint32_t code) const { return entries_[code]; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] bool has_numbers() const { return has_numbers_; }
  [[nodiscard]] std::size_t bytes() const;

 private:
  // Text looked up by string_view: no copy of the value to find its code.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> texts_;
  std::unordered_map<double, std::uint32_t> numbers_;
  bool has_numbers_ = false;
};

/// One field's values in row order.
struct Column {
  /// Number: numbers (NaN = NULL). Date: canonical PocketBase dates as ms (NaN = NULL, -inf = "").
  /// Text: anything else, as dictionary codes.
  enum Kind { Number, Date, Text } kind = Text;
  std::vector<double> numbers;
  std::vector<std::uint32_t> codes;
  Dictionary dictionary;

  /// False when `value` cannot be held by this kind (the column must become Text).
  [[nodiscard]] bool fits(const SqlValue& value) const;
  void set(std::size_t row, const SqlValue& value);  // row == size() appends
  void move(std::size_t from, std::size_t to);
  void pop();
  [[nodiscard]] SqlValue value(std::size_t row) const;
  /// Re-encodes every value as Text (after a value that a Number or Date column cannot hold).
  void to_text();
  [[nodiscard]] std::size_t bytes() const;
};

/// The rows of one collection for a set of fields, addressed by SQLite rowid.
class ColumnTable {
 public:
  /// `kinds`: the column kind each field's type suggests (a column turns Text if a value disagrees).
  ColumnTable(std::vector<std::string> fields, const std::vector<Column::Kind>& kinds);

  /// Inserts or replaces the row: `values` in fields() order.
  void upsert(std::int64_t rowid, const std::vector<SqlValue>& values);
  void remove(std::int64_t rowid);
  [[nodiscard]] const std::vector<std::string>& fields() const { return fields_; }
  /// The column of `field`, or null when the table does not hold it.
  [[nodiscard]] const Column* column(std::string_view field) const;
  [[nodiscard]] std::size_t rows() const { return rowids_.size(); }
  [[nodiscard]] std::optional<std::uint32_t> row_of(std::int64_t rowid) const;
  /// Memory held, in bytes (arrays, dictionaries and the rowid map).
  [[nodiscard]] std::size_t bytes() const;

 private:
  std::vector<std::string> fields_;  // sorted
  std::vector<Column> columns_;
  // rowid -> row + 1 (0: not held). SQLite hands out rowids upwards from 1, so most fit an array
  // (4 bytes a rowid); a far-off rowid goes to the map.
  std::uint32_t& slot(std::int64_t rowid);
  std::vector<std::int64_t> rowids_;
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::int64_t, std::uint32_t> sparse_;
};

}  // namespace pocketlite
