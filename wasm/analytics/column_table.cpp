#include "analytics/column_table.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analytics/dimension_text.h"
#include "db/pb_date.h"

namespace pocketlite {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEmptyDate = -std::numeric_limits<double>::infinity();

}  // namespace

Dictionary::Dictionary() { entries_.push_back({"", false, kNaN}); }

std::uint32_t Dictionary::code_of(const SqlValue& value) {
  const auto next = static_cast<std::uint32_t>(entries_.size());
  if (const auto* number = std::get_if<double>(&value)) {
    auto [it, added] = numbers_.try_emplace(*number, next);
    if (added) entries_.push_back({value_text(value), true, *number}), has_numbers_ = true;
    return it->second;
  }
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return 0;
  if (auto it = texts_.find(std::string_view(*text)); it != texts_.end()) return it->second;
  texts_.emplace(*text, next);
  const auto ms = text->empty() ? std::nullopt : date_ms(*text);
  entries_.push_back({*text, false, ms ? static_cast<double>(*ms) : kNaN});
  return next;
}

std::optional<std::uint32_t> Dictionary::find_text(const std::string& s) const {
  auto it = texts_.find(std::string_view(s));
  return it == texts_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

std::size_t Dictionary::bytes() const {
  std::size_t total = entries_.capacity() * sizeof(Entry);
  for (const auto& e : entries_) total += e.text.capacity() > 15 ? e.text.capacity() : 0;
  // The indexes: a node per entry (key, code, hash, next; the text key a second copy) and buckets.
  for (const auto& [key, code] : texts_) total += sizeof(key) + (key.capacity() > 15 ? key.capacity() : 0) + 24;
  total += numbers_.size() * 32;
  return total + (texts_.bucket_count() + numbers_.bucket_count()) * sizeof(void*);
}

bool Column::fits(const SqlValue& value) const {
  if (kind == Text || std::holds_alternative<std::nullptr_t>(value)) return true;
  if (kind == Number) return std::holds_alternative<double>(value);
  const auto* text = std::get_if<std::string>(&value);
  return text && (text->empty() || canonical_date_ms(*text));
}

void Column::set(std::size_t row, const SqlValue& value) {
  if (kind == Text) {
    const std::uint32_t code = dictionary.code_of(value);
    if (row == codes.size())
      codes.push_back(code);
    else
      codes[row] = code;
    return;
  }
  double v = kNaN;
  if (const auto* d = std::get_if<double>(&value)) v = *d;
  if (const auto* s = std::get_if<std::string>(&value)) v = s->empty() ? kEmptyDate : *canonical_date_ms(*s);
  if (row == numbers.size())
    numbers.push_back(v);
  else
    numbers[row] = v;
}

void Column::move(std::size_t from, std::size_t to) {
  if (kind == Text)
    codes[to] = codes[from];
  else
    numbers[to] = numbers[from];
}

void Column::pop() {
  if (kind == Text)
    codes.pop_back();
  else
    numbers.pop_back();
}

SqlValue Column::value(std::size_t row) const {
  if (kind == Text) {
    const auto& e = dictionary.at(codes[row]);
    if (codes[row] == 0) return nullptr;
    return e.is_number ? SqlValue(e.number) : SqlValue(e.text);
  }
  const double v = numbers[row];
  if (std::isnan(v)) return nullptr;
  if (kind == Number) return v;
  return std::isinf(v) ? std::string() : format_pb_date(static_cast<std::int64_t>(v));
}

void Column::to_text() {
  if (kind == Text) return;
  std::vector<SqlValue> values;
  values.reserve(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) values.push_back(value(i));
  kind = Text;
  numbers = {};
  codes.clear();
  for (const auto& v : values) set(codes.size(), v);
}

std::size_t Column::bytes() const {
  return numbers.capacity() * sizeof(double) + codes.capacity() * sizeof(std::uint32_t) +
         (kind == Text ? dictionary.bytes() : 0);
}

ColumnTable::ColumnTable(std::vector<std::string> fields, const std::vector<Column::Kind>& kinds)
    : fields_(std::move(fields)) {
  for (auto kind : kinds) columns_.push_back(Column{kind, {}, {}, {}});
}

const Column* ColumnTable::column(std::string_view field) const {
  auto at = std::lower_bound(fields_.begin(), fields_.end(), field);
  return at != fields_.end() && *at == field ? &columns_[static_cast<std::size_t>(at - fields_.begin())] : nullptr;
}

std::optional<std::uint32_t> ColumnTable::row_of(std::int64_t rowid) const {
  std::uint32_t at = 0;
  if (rowid >= 0 && static_cast<std::size_t>(rowid) < dense_.size())
    at = dense_[static_cast<std::size_t>(rowid)];
  else if (auto it = sparse_.find(rowid); it != sparse_.end())
    at = it->second;
  return at == 0 ? std::nullopt : std::optional<std::uint32_t>(at - 1);
}

std::uint32_t& ColumnTable::slot(std::int64_t rowid) {
  if (rowid >= 0 && static_cast<std::size_t>(rowid) < dense_.size()) return dense_[static_cast<std::size_t>(rowid)];
  if (auto it = sparse_.find(rowid); it != sparse_.end()) return it->second;
  if (rowid < 0 || rowid >= static_cast<std::int64_t>(2 * rowids_.size() + 65536)) return sparse_[rowid];
  dense_.resize(static_cast<std::size_t>(rowid) + 1 + dense_.size() / 2, 0);
  for (auto it = sparse_.begin(); it != sparse_.end();) {  // the array now covers these
    if (it->first >= 0 && static_cast<std::size_t>(it->first) < dense_.size()) {
      dense_[static_cast<std::size_t>(it->first)] = it->second;
      it = sparse_.erase(it);
    } else {
      ++it;
    }
  }
  return dense_[static_cast<std::size_t>(rowid)];
}

void ColumnTable::upsert(std::int64_t rowid, const std::vector<SqlValue>& values) {
  std::uint32_t& at = slot(rowid);
  if (at == 0) {
    rowids_.push_back(rowid);
    at = static_cast<std::uint32_t>(rowids_.size());
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].fits(values[i])) columns_[i].to_text();
    columns_[i].set(at - 1, values[i]);
  }
}

// The last row moves into the gap, so rows stay dense.
void ColumnTable::remove(std::int64_t rowid) {
  const auto held = row_of(rowid);
  if (!held) return;
  const std::uint32_t row = *held, last = static_cast<std::uint32_t>(rowids_.size() - 1);
  slot(rowid) = 0;
  if (row != last) {
    for (auto& c : columns_) c.move(last, row);
    rowids_[row] = rowids_[last];
    slot(rowids_[row]) = row + 1;
  }
  for (auto& c : columns_) c.pop();
  rowids_.pop_back();
}

std::size_t ColumnTable::bytes() const {
  std::size_t total = rowids_.capacity() * sizeof(std::int64_t) + dense_.capacity() * sizeof(std::uint32_t) +
                      sparse_.size() * 32 + sparse_.bucket_count() * 8;
  for (const auto& c : columns_) total += c.bytes();
  return total;
}

}  // namespace pocketlite
