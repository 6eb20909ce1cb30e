#include "query/filter_compiler.h"

#include <cstdlib>
#include <optional>

#include "db/pb_date.h"
#include "db/sqlite.h"
#include "query/filter_parser.h"

namespace pocketlite {
namespace {

constexpr int kMaxRelationHops = 6;

/// A resolved operand: SQL text plus what the equality rules need to know about it.
struct Operand {
  std::string sql;
  bool literal = false;
  bool empty = false;               // the literal "" or null
  bool multi = false;               // a JSON array of values (multiple select/relation/file)
  bool no_coalesce = false;         // a JSON extraction: compared with IS / IS NOT, as PocketBase does
  std::optional<std::string> text;  // the string literal's value (for ~)
  [[nodiscard]] bool known_non_empty() const { return literal && !empty; }
};

std::string escape_like(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

bool has_unescaped_percent(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\')
      ++i;
    else if (value[i] == '%')
      return true;
  }
  return false;
}

std::string mirror(const std::string& op) {
  if (op == ">") return "<";
  if (op == "<") return ">";
  if (op == ">=") return "<=";
  if (op == "<=") return ">=";
  return op;
}

class Compiler {
 public:
  Compiler(const FilterContext& context, CompiledSql& out) : context_(context), out_(out) {}

  Status expr(const FilterExpr& e) {
    if (e.items.empty()) return out_.sql += "1", Ok{};
    for (const auto& item : e.items) {
      if (!item.join.empty()) out_.sql += item.join == "&&" ? " AND " : " OR ";
      if (item.group) {
        out_.sql += '(';
        PL_TRY(expr(*item.group));
        out_.sql += ')';
      } else {
        PL_ASSIGN(std::string sql, comparison(*item.comparison));
        out_.sql += sql;
      }
    }
    return Ok{};
  }

  Result<std::string> sort(std::string_view text) {
    std::string order;
    std::size_t start = 0, count = 0;
    while (start < text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string_view::npos) end = text.size();
      std::string part(text.substr(start, end - start));
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      start = end + 1;
      if (part.empty()) continue;
      if (++count > 8) return bad_request("invalid_sort", "at most 8 sort fields are allowed");
      const bool desc = part[0] == '-';
      if (part[0] == '-' || part[0] == '+') part.erase(0, 1);
      std::string column;
      if (part == "@random")
        column = "RANDOM()";
      else if (part == "@rowid")
        column = context_.alias + "._rowid_";
      else {
        auto resolved = field_path(*context_.root, context_.alias, part, 0, 0);
        if (!resolved.ok())
          return bad_request("invalid_sort", "cannot sort by '" + part + "': " + resolved.error().message);
        column = resolved.value().sql;
      }
      order += column + (desc ? " DESC, " : ", ");
    }
    return order + context_.alias + ".\"id\"";
  }

 private:
  std::string param(SqlValue value) {
    out_.params.push_back(std::move(value));
    return "?" + std::to_string(out_.params.size());
  }

  std::string alias() { return "r" + std::to_string(next_alias_++); }

  Result<std::string> comparison(const FilterComparison& c) {
    PL_ASSIGN(Operand left, operand(c.left));
    PL_ASSIGN(Operand right, operand(c.right));
    const bool any = c.op[0] == '?';
    std::string op = any ? c.op.substr(1) : c.op;
    if (right.multi && !left.multi) {
      if (op == "~" || op == "!~") return filter_error("a multi-valued field must be on the left of " + op, c.position);
      std::swap(left, right);
      op = mirror(op);
    }
    if (!left.multi) return scalar(left, op, right);
    // Multi-valued: an empty array acts as one NULL element, like PocketBase's LEFT JOIN json_each.
    const std::string values =
        "json_each(CASE WHEN json_array_length(" + left.sql + ") = 0 THEN '[null]' ELSE " + left.sql + " END)";
    const std::string each = alias();
    Operand element;
    element.sql = each + ".value";
    PL_ASSIGN(std::string cond, scalar(element, op, right));
    if (any) return "EXISTS (SELECT 1 FROM " + values + " " + each + " WHERE " + cond + ")";
    return "NOT EXISTS (SELECT 1 FROM " + values + " " + each + " WHERE NOT COALESCE(" + cond + ", 0))";
  }

  Result<std::string> scalar(const Operand& l, const std::string& op, const Operand& r) {
    if (op == "=" || op == "!=") return equality(l, r, op == "=");
    if (op == "~" || op == "!~") {
      std::string pattern;
      if (r.text)
        pattern = param(has_unescaped_percent(*r.text) ? *r.text : "%" + escape_like(*r.text) + "%");
      else
        pattern = "('%' || " + r.sql + " || '%')";
      return l.sql + (op == "~" ? " LIKE " : " NOT LIKE ") + pattern + " ESCAPE '\\'";
    }
    return l.sql + " " + op + " " + r.sql;
  }

  // PocketBase's null-safe equality: "" and NULL are equal, and != is IS NOT.
  static std::string equality(const Operand& l, const Operand& r, bool equal) {
    const std::string eq = equal ? "=" : "IS NOT", null_eq = equal ? "IS" : "IS NOT";
    const std::string join = equal ? " OR " : " AND ", null_check = equal ? " IS NULL" : " IS NOT NULL";
    if (l.no_coalesce || r.no_coalesce) return l.sql + " " + null_eq + " " + r.sql;
    if (l.empty && r.empty) return "'' " + eq + " ''";
    if (l.known_non_empty() || r.known_non_empty())
      return (l.empty ? "''" : l.sql) + " " + eq + " " + (r.empty ? "''" : r.sql);
    if (l.empty) return "('' " + eq + " " + r.sql + join + r.sql + null_check + ")";
    if (r.empty) return "(" + l.sql + " " + eq + " ''" + join + l.sql + null_check + ")";
    return "COALESCE(" + l.sql + ", '') " + eq + " COALESCE(" + r.sql + ", '')";
  }

  Result<Operand> operand(const FilterOperand& o) {
    Operand out;
    if (o.kind == FilterOperand::String) {
      out.literal = true, out.empty = o.text.empty(), out.text = o.text;
      out.sql = out.empty ? "''" : param(o.text);
      return out;
    }
    if (o.kind == FilterOperand::Number) {
      out.literal = true;
      out.sql = param(std::strtod(o.text.c_str(), nullptr));
      return out;
    }
    if (o.text[0] == '@') return macro(o);
    const bool is_field = context_.root->find_field(o.text) != nullptr || o.text == "id";
    if (!is_field && (o.text == "true" || o.text == "false")) {
      out.literal = true, out.sql = o.text == "true" ? "1" : "0";
      return out;
    }
    if (!is_field && o.text == "null") {
      out.literal = true, out.empty = true, out.sql = "NULL";
      return out;
    }
    auto resolved = field_path(*context_.root, context_.alias, o.text, 0, o.position);
    if (!resolved.ok()) return filter_error(resolved.error().message, o.position);
    return resolved;
  }

  Result<Operand> macro(const FilterOperand& o) {
    if (o.text.rfind("@request.", 0) == 0 || o.text.rfind("@collection.", 0) == 0)
      return filter_error("'" + o.text + "' is only allowed in API rules and superuser filters", o.position, 403);
    const std::int64_t now = context_.now_ms, day = 86400000;
    const CivilTime t = civil_time(now);
    const std::int64_t today = epoch_ms_of_date(t.year, t.month, t.day);
    std::optional<std::int64_t> date;
    std::optional<double> number;
    const std::string& m = o.text;
    if (m == "@now")
      date = now;
    else if (m == "@yesterday")
      date = now - day;
    else if (m == "@tomorrow")
      date = now + day;
    else if (m == "@todayStart")
      date = today;
    else if (m == "@todayEnd")
      date = today + day - 1;
    else if (m == "@monthStart")
      date = epoch_ms_of_date(t.year, t.month, 1);
    else if (m == "@monthEnd")
      date = epoch_ms_of_date(t.year + (t.month == 12), t.month % 12 + 1, 1) - 1;
    else if (m == "@yearStart")
      date = epoch_ms_of_date(t.year, 1, 1);
    else if (m == "@yearEnd")
      date = epoch_ms_of_date(t.year + 1, 1, 1) - 1;
    else if (m == "@second")
      number = t.second;
    else if (m == "@minute")
      number = t.minute;
    else if (m == "@hour")
      number = t.hour;
    else if (m == "@day")
      number = t.day;
    else if (m == "@month")
      number = t.month;
    else if (m == "@weekday")
      number = t.weekday;
    else if (m == "@year")
      number = t.year;
    else
      return filter_error("unknown macro '" + m + "'", o.position);
    Operand out;
    out.literal = true;
    out.sql = date ? param(format_pb_date(*date)) : param(*number);
    return out;
  }

  // Resolves `field`, `rel.field` (through single relations, as subqueries), `json.path` and
  // the :lower / :length modifiers, relative to collection `c` under `table_alias`.
  Result<Operand> field_path(const Collection& c, const std::string& table_alias, std::string path, int hops,
                             std::size_t position) {
    std::string modifier;
    if (auto colon = path.find(':'); colon != std::string::npos) modifier = path.substr(colon + 1), path.resize(colon);
    const std::size_t dot = path.find('.');
    const std::string head = path.substr(0, dot);
    const Field* f = c.find_field(head);
    if (head != "id" && f == nullptr)
      return bad_request("invalid_filter", "unknown field '" + head + "' in '" + c.name + "'");
    if (f != nullptr && !f->stored())
      return bad_request("invalid_filter", "'" + head + "' is hidden and cannot be filtered");
    Operand out;
    out.sql = table_alias + "." + quote_identifier(head);
    // PocketBase matches an auth record's email only where the owner made it visible.
    if (c.is_auth() && head == "email")
      out.sql = "(CASE WHEN " + table_alias + ".\"emailVisibility\" THEN " + out.sql + " END)";
    if (dot != std::string::npos) {
      const std::string rest = path.substr(dot + 1) + (modifier.empty() ? "" : ":" + modifier);
      if (f != nullptr && f->type == FieldType::JsonValue) return json_path(out.sql, rest, position);
      if (f == nullptr || f->type != FieldType::Relation)
        return bad_request("invalid_filter", "'" + head + "' is not a relation or json field");
      if (f->multi)
        return bad_request("invalid_filter", "paths through multiple relations are not supported yet ('" + head + "')");
      if (++hops > kMaxRelationHops) return bad_request("invalid_filter", "more than 6 relation hops");
      const Collection* target = context_.lookup(f->collection_id);
      if (target == nullptr)
        return bad_request("invalid_filter",
                           "relation '" + head + "' points to a collection the replica does not have");
      const std::string inner_alias = alias();
      PL_ASSIGN(Operand inner, field_path(*target, inner_alias, rest, hops, position));
      inner.sql = "(SELECT " + inner.sql + " FROM " + quote_identifier(target->name) + " " + inner_alias + " WHERE " +
                  inner_alias + ".\"id\" = " + out.sql + ")";
      return inner;
    }
    out.multi = f != nullptr && f->multi;
    if (f != nullptr && f->type == FieldType::JsonValue)
      out.sql = "json_extract(" + out.sql + ", '$')", out.no_coalesce = true;
    if (modifier.empty()) return out;
    if (modifier == "lower") return out.sql = "LOWER(" + out.sql + ")", out.multi = false, out;
    if (modifier == "length" && out.multi)
      return out.sql = "json_array_length(" + out.sql + ")", out.multi = false, out;
    if (modifier == "length")
      return bad_request("invalid_filter", ":length needs a multi-valued field ('" + head + "')");
    return bad_request("invalid_filter", "the modifier ':" + modifier + "' is not supported yet");
  }

  Result<Operand> json_path(const std::string& column, const std::string& path, std::size_t) {
    std::string json_path = "$";
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t end = path.find('.', start);
      if (end == std::string::npos) end = path.size();
      const std::string key = path.substr(start, end - start);
      if (key.empty() || key.find(':') != std::string::npos)
        return bad_request("invalid_filter", "modifiers are not supported inside json paths");
      const bool index = key.find_first_not_of("0123456789") == std::string::npos;
      json_path += index ? "[" + key + "]" : ".\"" + key + "\"";
      start = end + 1;
    }
    Operand out;
    out.sql = "json_extract(" + column + ", " + param(json_path) + ")";
    out.no_coalesce = true;
    return out;
  }

  const FilterContext& context_;
  CompiledSql& out_;
  int next_alias_ = 1;
};

}  // namespace

Status compile_filter(const FilterExpr& expr, const FilterContext& context, CompiledSql& out) {
  return Compiler(context, out).expr(expr);
}

Result<std::string> compile_sort(std::string_view sort, const FilterContext& context, CompiledSql& out) {
  return Compiler(context, out).sort(sort);
}

}  // namespace pocketlite
