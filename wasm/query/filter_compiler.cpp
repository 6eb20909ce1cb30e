#include "query/filter_compiler.h"

#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "db/field_codec.h"
#include "db/pb_date.h"
#include "db/sqlite.h"
#include "query/field_path.h"
#include "query/filter_parser.h"

namespace pocketlite {
namespace {

/// How = and != treat NULL (PocketBase's NullFallback): "" equals NULL (Auto), plain IS / IS NOT
/// (Disabled: json values, geoDistance), or always COALESCE (Enforced: strftime).
enum class NullFallback { Auto, Disabled, Enforced };

/// The values of a multi-valued operand as rows: `SELECT <value> FROM <from>` lists them.
struct Many {
  std::string from;
  std::string value;
  std::string where;  // the rows that count ("" = all): joined records must be held

  /// `where` and `condition`, as the WHERE of a select from `from`.
  [[nodiscard]] std::string rows(const std::string& condition) const {
    const std::string both = where.empty() ? condition : condition.empty() ? where : where + " AND " + condition;
    return both.empty() ? "" : " WHERE " + both;
  }
};

/// A resolved operand: SQL text plus what the comparison rules need to know about it.
struct Operand {
  std::string sql;
  bool literal = false;  // a bound value, or the keywords true/false/null
  bool empty = false;    // the literal "" or null
  NullFallback fallback = NullFallback::Auto;
  std::optional<std::string> text;  // a literal's text, for ~ wrapping
  std::optional<Many> many;         // set when the operand has several values per record
  std::string visible;              // an auth email's visibility column, required true by the comparison
  [[nodiscard]] bool known_non_empty() const { return literal && !empty && fallback != NullFallback::Enforced; }
};

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// PocketBase's LIKE auto-escaping, character for character (its results are what the server
// matches): walking from the end, a backslash goes before each \, % or _ unless one is already
// there; the character just before an escaped one is not itself examined.
std::string escape_like(const std::string& value) {
  std::string reversed;
  bool escape_next = false;
  for (std::size_t i = value.size(); i-- > 0;) {
    const char c = value[i];
    if (escape_next) {
      if (c != '\\') reversed += '\\';
      escape_next = false;
    } else {
      escape_next = c == '\\' || c == '%' || c == '_';
    }
    reversed += c;
    if (i == 0 && escape_next) reversed += '\\';
  }
  return {reversed.rbegin(), reversed.rend()};
}

// Whether the value holds a % that no backslash escapes ("\\%" is an escaped backslash, then %).
bool has_unescaped_percent(const std::string& value) {
  char previous = 0;
  for (char c : value) {
    if (c == '%' && previous != '\\') return true;
    previous = c == '\\' && previous == '\\' ? 0 : c;
  }
  return false;
}

// A number as the server's text for it, for ~: Go's shortest round-trip digits in fixed-point
// form (5.0 is "5", 1e21 is "1000000000000000000000"). The JSON writer gives the shortest digits;
// this only moves the point.
std::string number_text(double value) {
  const std::string shortest = Json(value).dump();  // "5.0", "0.25", "1e+21", "-1.5e-07"
  const std::size_t e = shortest.find('e');
  std::string mantissa = shortest.substr(0, e);
  const bool negative = mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  std::size_t point = mantissa.find('.');
  if (point == std::string::npos) point = mantissa.size();
  std::string digits = mantissa.substr(0, point) + (point < mantissa.size() ? mantissa.substr(point + 1) : "");
  long position = static_cast<long>(point) + (e == std::string::npos ? 0 : std::stol(shortest.substr(e + 1)));
  // Now value = 0.digits × 10^position (after leading zeros are dropped).
  while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1), --position;
  std::string out;
  if (position <= 0)
    out = "0." + std::string(static_cast<std::size_t>(-position), '0') + digits;
  else if (static_cast<std::size_t>(position) >= digits.size())
    out = digits + std::string(static_cast<std::size_t>(position) - digits.size(), '0');
  else
    out =
        digits.substr(0, static_cast<std::size_t>(position)) + "." + digits.substr(static_cast<std::size_t>(position));
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') out.pop_back();
  }
  return (negative && out != "0" ? "-" : "") + out;
}

}  // namespace

std::string as_array(const std::string& column) {
  return "CASE WHEN iif(json_valid(" + column + "), json_type(" + column + ") = 'array', FALSE) THEN " + column +
         " ELSE json_array(" + column + ") END";
}

namespace {

std::string array_length(const std::string& column) {
  return "json_array_length(CASE WHEN iif(json_valid(" + column + "), json_type(" + column +
         ") = 'array', FALSE) THEN " + column + " ELSE (CASE WHEN " + column + " = '' OR " + column +
         " IS NULL THEN json_array() ELSE json_array(" + column + ") END) END)";
}

std::string column_of(const std::string& alias, const std::string& name) {
  return alias + "." + quote_identifier(name);
}

// The path's column as filters compare it: packed number arrays read back as JSON text.
std::string compared_column(const std::string& alias, const FieldPath& path) {
  return field_sql(path.field, column_of(alias, path.column));
}

/// Where a path's joins go: the filter's shared set (deduplicated by path, so `tags.a` and
/// `tags.b` look at the same tag, as in PocketBase's single joined query) or a private set.
struct JoinSet {
  std::string sql;
  std::map<std::string, std::string> aliases;  // path key -> alias, for the shared set
  std::vector<std::string> held;               // each joined relation's record is held (see Held)
  bool shared = false;
};

std::string all_of(const std::vector<std::string>& conditions) {
  std::string out;
  for (const auto& c : conditions) out += (out.empty() ? "" : " AND ") + c;
  return out;
}

class Compiler {
 public:
  Compiler(const FilterContext& context, CompiledSql& out) : context_(context), out_(out) {}

  // The filter as a boolean over the root row. When paths cross lists, the whole expression is
  // evaluated over their joined rows and holds when any joined row satisfies it, which is what
  // PocketBase's SELECT DISTINCT over LEFT JOINs means.
  //
  // Held records: PocketBase joins a related collection with its list rule, and a related record
  // the user may not see removes the row from any filter or sort that goes through the relation
  // (an empty relation does not). The replica holds exactly what the user may see, so a relation
  // set to a record it does not hold is such a record: those rows are left out the same way.
  Status filter(const FilterExpr& e) {
    joins_.shared = true;
    PL_ASSIGN(std::string sql, expr(e));
    if (!joins_.held.empty()) sql = "(" + sql + ") AND " + all_of(joins_.held);
    out_.sql += joins_.sql.empty() ? sql : "EXISTS (SELECT 1 FROM (SELECT 1)" + joins_.sql + " WHERE " + sql + ")";
    add_held();
    return Ok{};
  }

  Result<std::string> sort(std::string_view text) {
    std::string order;
    std::size_t count = 0;
    for (std::size_t start = 0, end = 0; !text.empty() && end < text.size(); start = end + 1) {
      end = std::min(text.find(',', start), text.size());
      std::string part(text.substr(start, end - start));
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      if (part.empty()) return bad_request("invalid_sort", "empty sort field in '" + std::string(text) + "'");
      if (++count > 8) return bad_request("invalid_sort", "at most 8 sort fields are allowed");
      const bool desc = part[0] == '-';
      if (part[0] == '-' || part[0] == '+') part.erase(0, 1);
      PL_ASSIGN(std::string column, sort_column(part));
      order += column + (desc ? " DESC, " : ", ");
    }
    add_held();
    return order + context_.alias + ".\"id\"";
  }

 private:
  Result<std::string> sort_column(const std::string& part) {
    if (part == "@random") return std::string("RANDOM()");
    if (part == "@rowid") return context_.alias + "._rowid_";
    auto path = resolve_field_path(*context_.root, part, context_.lookup);
    if (!path.ok()) return bad_request("invalid_sort", "cannot sort by '" + part + "': " + path.error().message);
    if (path.value().needs_joins())
      return bad_request("invalid_sort", "cannot sort by '" + part + "': it has several values per record");
    return path_operand(path.value()).sql;
  }

  std::string param(SqlValue value) {
    out_.params.push_back(std::move(value));
    return "?" + std::to_string(out_.params.size());
  }

  std::string alias() { return "r" + std::to_string(next_alias_++); }

  // ANDs the held conditions of single-relation paths to the WHERE (filter and sort alike).
  void add_held() {
    if (held_.empty()) return;
    out_.sql = out_.sql.empty() ? all_of(held_) : "(" + out_.sql + ") AND " + all_of(held_);
    held_.clear();
  }

  // The condition that every record a chain of single relations reaches from `row` is held (or
  // the relation is empty), nested hop by hop; a back-relation hop ends it (the records it would
  // reach are not referenced from here).
  std::string held_chain(const std::vector<RelationHop>& hops, std::size_t i, const std::string& row) {
    if (i >= hops.size() || hops[i].kind != RelationHop::Forward) return "";
    const std::string a = alias(), field = column_of(row, hops[i].field->name);
    const std::string inner = held_chain(hops, i + 1, a);
    return "(" + field + " = '' OR " + field + " IS NULL OR EXISTS (SELECT 1 FROM " +
           quote_identifier(hops[i].target->name) + " " + a + " WHERE " + column_of(a, "id") + " = " + field +
           (inner.empty() ? "" : " AND " + inner) + "))";
  }

  Result<std::string> expr(const FilterExpr& e) {
    if (e.items.empty()) return std::string("1");
    std::string sql;
    for (const auto& item : e.items) {
      if (!item.join.empty()) sql += item.join == "&&" ? " AND " : " OR ";
      if (item.group) {
        PL_ASSIGN(std::string inner, expr(*item.group));
        sql += "(" + inner + ")";
      } else {
        PL_ASSIGN(std::string inner, comparison(*item.comparison));
        sql += inner;
      }
    }
    return sql;
  }

  // PocketBase's rule for lists: the plain operators need every value to match (and at least
  // one joined row to, via the outer EXISTS); the ?-operators need one.
  Result<std::string> comparison(const FilterComparison& c) {
    PL_ASSIGN(Operand left, operand(c.left));
    PL_ASSIGN(Operand right, operand(c.right));
    const bool any = c.op[0] == '?';
    const std::string op = any ? c.op.substr(1) : c.op;
    std::string sql = compare(left, op, right);
    if (!any && left.many && right.many)
      sql = "(" + sql + " AND " + many_vs_many(left, op, right) + ")";
    else if (!any && (left.many || right.many))
      sql = "(" + sql + " AND " + many_vs_one(left, op, right) + ")";
    for (const Operand* o : {&left, &right})
      if (!o->visible.empty()) sql = "(" + sql + " AND " + o->visible + " = 1)";
    return sql;
  }

  std::string compare(const Operand& l, const std::string& op, const Operand& r) {
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
    if (l.fallback == NullFallback::Disabled || r.fallback == NullFallback::Disabled)
      return l.sql + " " + null_eq + " " + r.sql;
    if (l.empty && r.empty) return "'' " + eq + " ''";
    if (l.known_non_empty() || r.known_non_empty())
      return (l.empty ? "''" : l.sql) + " " + eq + " " + (r.empty ? "''" : r.sql);
    if (l.empty) return "('' " + eq + " " + r.sql + join + r.sql + null_check + ")";
    if (r.empty) return "(" + l.sql + " " + eq + " ''" + join + l.sql + null_check + ")";
    return "COALESCE(" + l.sql + ", '') " + eq + " COALESCE(" + r.sql + ", '')";
  }

  // One list against a single value: no value of the list may fail the comparison.
  std::string many_vs_one(const Operand& l, const std::string& op, const Operand& r) {
    const bool list_left = l.many.has_value();
    const Operand& list = list_left ? l : r;
    Operand each = value_of(list), other = plain(list_left ? r : l);
    const std::string cond = list_left ? compare(each, op, other) : compare(other, op, each);
    return "NOT EXISTS (SELECT 1 FROM " + list.many->from + list.many->rows("NOT (" + cond + ")") + ")";
  }

  // Two lists: no pair of values may fail the comparison.
  std::string many_vs_many(const Operand& l, const std::string& op, const Operand& r) {
    const std::string a = alias(), b = alias();
    Operand lv = value_of(l), rv = value_of(r);
    lv.sql = a + ".v", rv.sql = b + ".v";
    return "NOT EXISTS (SELECT 1 FROM (SELECT " + l.many->value + " AS v FROM " + l.many->from + l.many->rows("") +
           ") " + a + " LEFT JOIN (SELECT " + r.many->value + " AS v FROM " + r.many->from + r.many->rows("") + ") " +
           b + " WHERE " + "NOT (" + compare(lv, op, rv) + "))";
  }

  static Operand value_of(const Operand& list) {
    Operand each;
    each.sql = list.many->value;
    each.fallback = list.fallback;
    return each;
  }

  // The other side inside a list comparison keeps its text and emptiness, not its special rules.
  static Operand plain(const Operand& o) {
    Operand p;
    p.sql = o.sql, p.literal = o.literal, p.empty = o.empty, p.text = o.text;
    return p;
  }

  Result<Operand> operand(const FilterOperand& o) {
    Operand out;
    switch (o.kind) {
      case FilterOperand::String:
        // The server refuses these anywhere in a user's filter, quoted text included.
        if (o.text.find("@request.") != std::string::npos || o.text.find("@collection.") != std::string::npos)
          return filter_error("'@request.*' and '@collection.*' are only allowed in API rules and superuser filters",
                              o.position, 403);
        out.literal = true, out.empty = o.text.empty(), out.text = o.text;
        out.sql = out.empty ? "''" : param(o.text);
        return out;
      case FilterOperand::Number: {
        const double number = std::strtod(o.text.c_str(), nullptr);
        out.literal = true, out.text = number_text(number);
        out.sql = param(number);
        return out;
      }
      case FilterOperand::Function:
        return function(o);
      case FilterOperand::Identifier:
        break;
    }
    if (o.text[0] == '@') return macro(o);
    const bool is_field = context_.root->find_field(o.text) != nullptr || o.text == "id";
    // Keywords in any case (TRUE, False, NULL), as the server reads them.
    const std::string keyword = ascii_lower(o.text);
    if (!is_field && (keyword == "true" || keyword == "false")) {
      out.literal = true, out.sql = keyword == "true" ? "1" : "0";
      return out;
    }
    if (!is_field && keyword == "null") {
      out.literal = true, out.empty = true, out.sql = "NULL";
      return out;
    }
    auto path = resolve_field_path(*context_.root, o.text, context_.lookup);
    if (!path.ok()) return filter_error(path.error().message, o.position);
    return path_operand(path.value());
  }

  // A path's value. Paths through lists (or `:each`) join into the filter's shared join set and
  // get a private copy of the same joins listing every value; other paths are subqueries.
  Operand path_operand(const FieldPath& path) {
    if (!path.needs_joins()) return subquery_operand(path);
    Operand out = joined_operand(path, joins_);
    if (path.many()) {
      JoinSet own;
      const Operand values = joined_operand(path, own);
      out.many = Many{"(SELECT 1)" + own.sql, values.sql, all_of(own.held)};
    }
    return out;
  }

  Operand joined_operand(const FieldPath& path, JoinSet& joins) {
    std::string row = context_.alias;
    for (const auto& hop : path.hops) row = join(hop, row, joins);
    if (path.modifier == FieldPath::Each) {
      const std::string key = path.hops.empty() ? "" : path.hops.back().key;
      const std::string je = join_alias(key + "." + path.column + "#je", joins, [&](const std::string& a) {
        return " LEFT JOIN json_each(" + as_array(compared_column(row, path)) + ") " + a;
      });
      Operand out;
      out.sql = je + ".value";
      return out;
    }
    return final_value(path, row);
  }

  // Single relations as nested subqueries: at most one row each, so no join is needed.
  Operand subquery_operand(const FieldPath& path) {
    if (!path.hops.empty() && held_paths_.insert(path.hops.back().key).second) {
      std::string held = held_chain(path.hops, 0, context_.alias);
      if (!held.empty()) held_.push_back(std::move(held));
    }
    std::vector<std::string> levels;  // " FROM target alias WHERE on", outermost first
    std::string row = context_.alias;
    for (const auto& hop : path.hops) {
      const std::string a = alias();
      const std::string on = hop.kind == RelationHop::Forward
                                 ? column_of(a, "id") + " = " + column_of(row, hop.field->name)
                                 : column_of(a, hop.field->name) + " = " + column_of(row, "id");
      levels.push_back(" FROM " + quote_identifier(hop.target->name) + " " + a + " WHERE " + on);
      row = a;
    }
    auto nest = [&](std::string sql) {
      for (auto level = levels.rbegin(); level != levels.rend(); ++level) sql = "(SELECT " + sql + *level + ")";
      return sql;
    };
    Operand out = final_value(path, row);
    out.sql = nest(out.sql);
    if (!out.visible.empty()) out.visible = nest(out.visible);
    return out;
  }

  // The final field read from the row aliased `row`.
  Operand final_value(const FieldPath& path, const std::string& row) {
    Operand out;
    const std::string column = compared_column(row, path);
    out.sql = column;
    if (path.json)
      out.sql = "json_extract(" + column + ", " + param(path.json_path) + ")", out.fallback = NullFallback::Disabled;
    else if (path.modifier == FieldPath::Length)
      out.sql = array_length(column);
    if (path.modifier == FieldPath::Lower) out.sql = "LOWER(" + out.sql + ")";
    // PocketBase matches an auth record's email only where the owner made it visible.
    if (path.collection->is_auth() && path.column == "email") out.visible = column_of(row, "emailVisibility");
    return out;
  }

  std::string join(const RelationHop& hop, const std::string& row, JoinSet& joins) {
    const std::string target = quote_identifier(hop.target->name);
    if (hop.kind == RelationHop::ForwardMulti) {
      const std::string je = join_alias(hop.key + "#je", joins, [&](const std::string& a) {
        return " LEFT JOIN json_each(" + as_array(column_of(row, hop.field->name)) + ") " + a;
      });
      return join_alias(hop.key, joins, [&](const std::string& a) {
        // A listed record the replica does not hold drops its joined row (see filter()).
        joins.held.push_back("(" + je + ".value IS NULL OR " + je + ".value = '' OR " + column_of(a, "id") +
                             " IS NOT NULL)");
        return " LEFT JOIN " + target + " " + a + " ON " + column_of(a, "id") + " = " + je + ".value";
      });
    }
    return join_alias(hop.key, joins, [&](const std::string& a) {
      if (hop.kind == RelationHop::Forward) {
        const std::string field = column_of(row, hop.field->name);
        joins.held.push_back("(" + field + " = '' OR " + field + " IS NULL OR " + column_of(a, "id") + " IS NOT NULL)");
      }
      std::string on;
      if (hop.kind == RelationHop::Forward)
        on = column_of(a, "id") + " = " + column_of(row, hop.field->name);
      else if (hop.field->multi)
        on =
            column_of(row, "id") + " IN (SELECT value FROM json_each(" + as_array(column_of(a, hop.field->name)) + "))";
      else
        on = column_of(a, hop.field->name) + " = " + column_of(row, "id");
      return " LEFT JOIN " + target + " " + a + " ON " + on;
    });
  }

  template <typename Make>
  std::string join_alias(const std::string& key, JoinSet& joins, Make make) {
    if (joins.shared)
      if (auto found = joins.aliases.find(key); found != joins.aliases.end()) return found->second;
    const std::string a = "j" + std::to_string(next_alias_++);
    joins.sql += make(a);
    if (joins.shared) joins.aliases.emplace(key, a);
    return a;
  }

  Result<Operand> macro(const FilterOperand& o) {
    if (o.text.rfind("@request.", 0) == 0 || o.text.rfind("@collection.", 0) == 0) {
      if (context_.request == nullptr)
        return filter_error("'" + o.text + "' is only allowed in API rules and superuser filters", o.position, 403);
      return request_value(o);
    }
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
    out.text = date ? format_pb_date(*date) : Json(*number).dump();
    out.sql = date ? param(*out.text) : param(*number);
    return out;
  }

  // A rule's `@request.auth.<field>`, `@request.body.<field>` (also `:isset`) or `@request.method`,
  // as a bound literal from the request.
  Result<Operand> request_value(const FilterOperand& o) {
    const Json& request = *context_.request;
    std::string text = o.text;
    std::string modifier;
    if (const auto colon = text.find(':'); colon != std::string::npos)
      modifier = text.substr(colon + 1), text.resize(colon);
    auto undecidable = [&] {
      Error e = bad_request(kRuleUndecidable, "'" + o.text + "' cannot be decided without the server");
      return e;
    };
    const Json* value = nullptr;
    bool present = false;
    static const Json kNull;
    for (const auto& [prefix, key] : {std::pair{"@request.auth.", "auth"}, std::pair{"@request.body.", "body"}}) {
      if (text.rfind(prefix, 0) != 0) continue;
      const std::string field = text.substr(std::string(prefix).size());
      const Json& holder = request.contains(key) ? request.at(key) : kNull;
      if (field.find('.') != std::string::npos) return undecidable();  // a path through the request's relations
      present = holder.is_object() && holder.contains(field);
      value = present ? &holder.at(field) : &kNull;
    }
    if (text == "@request.method") value = request.contains("method") ? &request.at("method") : &kNull, present = true;
    if (value == nullptr || (!modifier.empty() && modifier != "isset")) return undecidable();
    if (modifier == "isset" && text.rfind("@request.body.", 0) != 0) return undecidable();
    Operand out;
    out.literal = true;
    if (modifier == "isset") {
      out.sql = present ? "1" : "0";
    } else if (value->is_string()) {
      out.text = value->get<std::string>(), out.empty = out.text->empty();
      out.sql = out.empty ? "''" : param(*out.text);
    } else if (value->is_boolean()) {
      out.sql = value->get<bool>() ? "1" : "0";
    } else if (value->is_number()) {
      out.text = number_text(value->get<double>()), out.sql = param(value->get<double>());
    } else if (value->is_null()) {
      out.empty = true, out.sql = "NULL";
    } else {
      out.text = value->dump(), out.sql = param(*out.text);  // a list or object, compared as its JSON
    }
    return out;
  }

  Result<Operand> function(const FilterOperand& f) {
    if (f.text == "geoDistance") return geo_distance(f);
    if (f.text == "strftime") return strftime(f);
    return filter_error("unknown function '" + f.text + "'", f.position);
  }

  // geoDistance(lonA, latA, lonB, latB): the haversine distance in kilometres.
  Result<Operand> geo_distance(const FilterOperand& f) {
    if (f.args.size() != 4)
      return filter_error("geoDistance expects 4 arguments, got " + std::to_string(f.args.size()), f.position);
    std::string a[4];
    for (std::size_t i = 0; i < 4; ++i) {
      const FilterOperand& arg = f.args[i];
      if (arg.kind != FilterOperand::Identifier && arg.kind != FilterOperand::Number)
        return filter_error("geoDistance argument " + std::to_string(i + 1) + " must be a field or a number",
                            arg.position);
      PL_ASSIGN(Operand resolved, operand(arg));
      a[i] = resolved.sql;
    }
    Operand out;
    out.fallback = NullFallback::Disabled;
    out.sql = "(6371 * acos(cos(radians(" + a[1] + ")) * cos(radians(" + a[3] + ")) * cos(radians(" + a[2] +
              ") - radians(" + a[0] + ")) + sin(radians(" + a[1] + ")) * sin(radians(" + a[3] + "))))";
    return out;
  }

  // strftime(format, [time, modifiers...]) as SQLite's, compared with "" standing in for NULL.
  Result<Operand> strftime(const FilterOperand& f) {
    if (f.args.empty() || f.args.size() > 10)
      return filter_error("strftime expects 1 to 10 arguments, got " + std::to_string(f.args.size()), f.position);
    std::vector<Operand> args;
    for (std::size_t i = 0; i < f.args.size(); ++i) {
      const FilterOperand& arg = f.args[i];
      const bool ok = i == 1 ? arg.kind != FilterOperand::Function : arg.kind == FilterOperand::String;
      if (!ok)
        return filter_error(i == 0   ? "strftime's format must be a string"
                            : i == 1 ? "strftime's time value must be a field, a string or a number"
                                     : "strftime's modifiers must be strings",
                            arg.position);
      PL_ASSIGN(Operand resolved, operand(arg));
      args.push_back(std::move(resolved));
    }
    auto call = [&](const std::string& time) {
      std::string sql = "strftime(" + args[0].sql;
      for (std::size_t i = 1; i < args.size(); ++i) sql += ", " + (i == 1 ? time : args[i].sql);
      return sql + ")";
    };
    Operand out;
    out.fallback = NullFallback::Enforced;
    out.sql = call(args.size() > 1 ? args[1].sql : "");
    if (args.size() > 1 && args[1].many)
      out.many = Many{args[1].many->from, call(args[1].many->value), args[1].many->where};
    return out;
  }

  const FilterContext& context_;
  CompiledSql& out_;
  JoinSet joins_;
  std::vector<std::string> held_;     // held conditions of single-relation paths, for the WHERE
  std::set<std::string> held_paths_;  // the paths they cover (one condition per path)
  int next_alias_ = 1;
};

}  // namespace

Status compile_filter(const FilterExpr& expr, const FilterContext& context, CompiledSql& out) {
  return Compiler(context, out).filter(expr);
}

Result<std::string> compile_sort(std::string_view sort, const FilterContext& context, CompiledSql& out) {
  return Compiler(context, out).sort(sort);
}

}  // namespace pocketlite
