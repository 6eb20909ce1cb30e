#include "analytics/column_filter.h"

#include <cmath>
#include <cstdlib>

#include "analytics/dimension_text.h"
#include "simd/column_kernels.h"

namespace pocketlite {
namespace {

using Mask = std::vector<std::uint8_t>;

std::optional<simd::Compare> compare_op(const std::string& op) {
  if (op == "=") return simd::Compare::Eq;
  if (op == "!=") return simd::Compare::Ne;
  if (op == "<") return simd::Compare::Lt;
  if (op == "<=") return simd::Compare::Le;
  if (op == ">") return simd::Compare::Gt;
  if (op == ">=") return simd::Compare::Ge;
  return std::nullopt;
}

// Fields whose plain value is what the filter compiler compares (no lists, JSON or hidden emails).
bool plain_field(const Collection& c, const std::string& name) {
  if (name == "id") return true;
  const Field* f = c.find_field(name);
  if (f == nullptr || !f->stored() || f->multi) return false;
  if (c.is_auth() && name == "email") return false;  // compared only where the owner made it visible
  switch (f->type) {
    case FieldType::Text:
    case FieldType::Editor:
    case FieldType::Number:
    case FieldType::Bool:
    case FieldType::Email:
    case FieldType::Url:
    case FieldType::Date:
    case FieldType::Autodate:
    case FieldType::Select:
    case FieldType::Relation:
      return true;
    default:
      return false;
  }
}

bool literal(const FilterOperand& o, const Collection& c) {
  if (o.kind == FilterOperand::String || o.kind == FilterOperand::Number) return true;
  return o.kind == FilterOperand::Identifier && (o.text == "true" || o.text == "false") && !plain_field(c, o.text);
}

bool collect(const FilterExpr& expr, const Collection& c, std::vector<std::string>& fields) {
  for (const auto& item : expr.items) {
    if (item.group) {
      if (!collect(*item.group, c, fields)) return false;
      continue;
    }
    const FilterComparison& cmp = *item.comparison;
    if (!compare_op(cmp.op) || cmp.left.kind != FilterOperand::Identifier || !plain_field(c, cmp.left.text) ||
        !literal(cmp.right, c))
      return false;
    fields.push_back(cmp.left.text);
  }
  return true;
}

// Text columns: the comparison decided once per dictionary entry, then looked up per row.
std::optional<Mask> compare_text(const Column& col, simd::Compare op, const FilterOperand& right) {
  if (right.kind != FilterOperand::String || col.dictionary.has_numbers()) return std::nullopt;
  const std::string& s = right.text;
  const std::size_t n = col.codes.size();
  Mask out(n);
  if (!s.empty() && (op == simd::Compare::Eq || op == simd::Compare::Ne)) {
    // The literal's code, if any row ever held it; 0 (NULL) never equals a non-empty literal.
    const std::uint32_t code = col.dictionary.find_text(s).value_or(UINT32_MAX);
    simd::equal_u32(col.codes.data(), n, code, op == simd::Compare::Eq, out.data());
    return out;
  }
  std::vector<std::uint8_t> pass(col.dictionary.size());
  for (std::uint32_t i = 0; i < pass.size(); ++i) {
    const bool null = i == 0;
    const int order = null ? 0 : col.dictionary.at(i).text.compare(s);
    bool p = false;
    switch (op) {
      case simd::Compare::Eq:
        p = s.empty() ? null || order == 0 : !null && order == 0;
        break;
      case simd::Compare::Ne:
        p = s.empty() ? !null && order != 0 : null || order != 0;
        break;
      case simd::Compare::Lt:
        p = !null && order < 0;
        break;
      case simd::Compare::Le:
        p = !null && order <= 0;
        break;
      case simd::Compare::Gt:
        p = !null && order > 0;
        break;
      case simd::Compare::Ge:
        p = !null && order >= 0;
        break;
    }
    pass[i] = p ? 1 : 0;
  }
  for (std::size_t r = 0; r < n; ++r) out[r] = pass[col.codes[r]];
  return out;
}

std::optional<Mask> compare_numbers(const Column& col, simd::Compare op, const FilterOperand& right) {
  double x = 0;
  if (col.kind == Column::Number) {
    if (right.kind == FilterOperand::Number)
      x = std::strtod(right.text.c_str(), nullptr);
    else if (right.kind == FilterOperand::Identifier)
      x = right.text == "true" ? 1 : 0;
    else
      return std::nullopt;
  } else {  // Date: canonical literals compare like the text does; "" is NULL-safe emptiness
    if (right.kind != FilterOperand::String) return std::nullopt;
    Mask out(col.numbers.size());
    if (right.text.empty()) {
      if (op != simd::Compare::Eq && op != simd::Compare::Ne) return std::nullopt;
      for (std::size_t r = 0; r < out.size(); ++r) out[r] = std::isfinite(col.numbers[r]) == (op == simd::Compare::Ne);
      return out;
    }
    const auto ms = canonical_date_ms(right.text);
    if (!ms) return std::nullopt;
    x = *ms;
  }
  Mask out(col.numbers.size());
  simd::compare_f64(col.numbers.data(), out.size(), op, x, out.data());
  return out;
}

std::optional<Mask> evaluate(const FilterExpr& expr, const ColumnTable& table) {
  std::optional<Mask> any, all;  // the OR of the finished AND-runs; the current AND-run
  for (const auto& item : expr.items) {
    std::optional<Mask> m;
    if (item.group) {
      m = evaluate(*item.group, table);
    } else {
      const FilterComparison& cmp = *item.comparison;
      const Column* col = table.column(cmp.left.text);
      const auto op = compare_op(cmp.op);
      if (col == nullptr || !op) return std::nullopt;
      m = col->kind == Column::Text ? compare_text(*col, *op, cmp.right) : compare_numbers(*col, *op, cmp.right);
    }
    if (!m) return std::nullopt;
    if (item.join == "&&") {
      simd::and_mask(all->data(), m->data(), m->size());
      continue;
    }
    if (all) {
      if (any)
        simd::or_mask(any->data(), all->data(), all->size());
      else
        any = std::move(all);
    }
    all = std::move(m);
  }
  if (!all) return Mask(table.rows(), 1);
  if (any) simd::or_mask(any->data(), all->data(), all->size());
  return any ? any : all;
}

}  // namespace

std::optional<std::vector<std::string>> column_filter_fields(const FilterExpr& expr, const Collection& c) {
  std::vector<std::string> fields;
  if (!collect(expr, c, fields)) return std::nullopt;
  return fields;
}

std::optional<std::vector<std::uint8_t>> evaluate_column_filter(const FilterExpr& expr, const ColumnTable& table) {
  return evaluate(expr, table);
}

}  // namespace pocketlite
