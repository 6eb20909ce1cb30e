// Analytics on the engine: rollups registered by the app, kept current from the rows each
// committed transaction wrote (their old contribution is taken out, the new one put in), and
// one-off aggregations over column tables kept current the same way.
#include <algorithm>

#include "analytics/column_aggregate.h"
#include "analytics/column_filter.h"
#include "core/options.h"
#include "db/field_codec.h"
#include "engine/engine.h"
#include "query/filter_parser.h"

namespace pocketlite {

Result<Engine::RegisteredRollup> Engine::prepare_rollup(const Collection& c, AggregateSpec spec) const {
  std::string select = "SELECT t0.rowid";
  for (const auto& f : spec.fields()) {
    const Field* field = c.find_field(f);
    if (f != "id" && (field == nullptr || !field->stored()))
      return bad_request("invalid_aggregate", "'" + f + "' is not a field of '" + c.name + "'");
    select += ", " + field_sql(field, "t0." + quote_identifier(f));
  }
  PL_ASSIGN(FilterExpr expr, parse_filter(spec.filter));
  CompiledSql where;
  PL_TRY(compile_filter(expr, filter_context(c), where));
  select += ", (" + where.sql + ") FROM " + quote_identifier(c.name) + " t0";
  return RegisteredRollup{c.name, Rollup(std::move(spec)), std::move(select), std::move(where.sql),
                          std::move(where.params)};
}

namespace {

// Columns [first, first + count) of the current row.
RowValues read_values(const Statement& st, int first, std::size_t count) {
  RowValues values;
  for (int column = first; column < first + static_cast<int>(count); ++column) {
    const int type = st.column_type(column);
    if (type == SQLITE_NULL)
      values.emplace_back(nullptr);
    else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
      values.emplace_back(st.column_double(column));
    else
      values.emplace_back(std::string(st.column_text(column)));
  }
  return values;
}

// Reads the rows of `st` (rowid, fields..., filter) into the rollup.
Status feed(Statement& st, Rollup& rollup, std::size_t fields) {
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) return Ok{};
    const std::int64_t rowid = st.column_int(0);
    if (st.column_int(static_cast<int>(fields + 1)) == 0)
      rollup.apply(rowid, std::nullopt);
    else
      rollup.apply(rowid, read_values(st, 1, fields));
  }
}

Column::Kind column_kind(const Collection& c, const std::string& name) {
  const Field* f = c.find_field(name);
  if (f == nullptr) return Column::Text;  // id
  if (f->type == FieldType::Number || f->type == FieldType::Bool) return Column::Number;
  if (f->type == FieldType::Date || f->type == FieldType::Autodate) return Column::Date;
  return Column::Text;
}

// SELECT t0.rowid, <fields> FROM <table> t0
std::string column_select(const Collection& c, const std::vector<std::string>& fields) {
  std::string select = "SELECT t0.rowid";
  for (const auto& f : fields) select += ", " + field_sql(c.find_field(f), "t0." + quote_identifier(f));
  return select + " FROM " + quote_identifier(c.name) + " t0";
}

}  // namespace

Status Engine::fill_rollup(const RegisteredRollup& r, Rollup& into) {
  PL_ASSIGN(Statement st, db_.prepare(r.select));
  st.bind_all(r.params);
  return feed(st, into, into.spec().fields().size());
}

void Engine::index_rollup_tables() {
  rollup_tables_.clear();
  for (const auto& [name, r] : rollups_) rollup_tables_.insert(r.collection);
  for (const auto& [name, table] : column_tables_) rollup_tables_.insert(name);
}

void Engine::rebuild_rollups() {
  column_tables_.clear();  // rebuilt on their next use, with the new fields and kinds
  for (auto it = rollups_.begin(); it != rollups_.end();) {
    auto c = find(it->second.collection);
    auto fresh =
        c.ok() ? prepare_rollup(*c.value(), it->second.rollup.spec()) : Result<RegisteredRollup>(c.take_error());
    const bool rebuilt = fresh.ok() && fill_rollup(fresh.value(), fresh.value().rollup).ok();
    if (rebuilt) {
      it->second = std::move(fresh).value();
      ++it;
    } else {
      it = rollups_.erase(it);
    }
  }
  index_rollup_tables();
}

Status Engine::refresh_rollups() {
  if (pending_rollup_rows_.empty()) return Ok{};
  auto rows = std::move(pending_rollup_rows_);
  pending_rollup_rows_.clear();
  for (auto& [name, r] : rollups_) {
    const auto first = rows.lower_bound({r.collection, INT64_MIN});
    if (first == rows.end() || first->first != r.collection) continue;  // no row of its collection
    PL_ASSIGN(Statement st, db_.prepare(r.select + " WHERE t0.rowid = ?" + std::to_string(r.params.size() + 1)));
    const std::size_t fields = r.rollup.spec().fields().size();
    for (auto it = first; it != rows.end() && it->first == r.collection; ++it) {
      st.reset();
      st.bind_all(r.params);
      st.bind_int(static_cast<int>(r.params.size() + 1), it->second);
      r.rollup.apply(it->second, std::nullopt);  // gone unless the read below finds it
      PL_TRY(feed(st, r.rollup, fields));
    }
  }
  return refresh_column_tables(rows);
}

Status Engine::refresh_column_tables(const std::set<std::pair<std::string, std::int64_t>>& rows) {
  for (auto& [name, table] : column_tables_) {
    const auto first = rows.lower_bound({name, INT64_MIN});
    if (first == rows.end() || first->first != name) continue;
    PL_ASSIGN(const Collection* c, find(name));
    PL_ASSIGN(Statement st, db_.prepare(column_select(*c, table.fields()) + " WHERE t0.rowid = ?1"));
    for (auto it = first; it != rows.end() && it->first == name; ++it) {
      st.reset();
      st.bind_int(1, it->second);
      PL_ASSIGN(bool found, st.step());
      if (found)
        table.upsert(it->second, read_values(st, 1, table.fields().size()));
      else
        table.remove(it->second);
    }
  }
  return Ok{};
}

Result<const ColumnTable*> Engine::column_table(const Collection& c, std::vector<std::string> fields) {
  const auto normalize = [&fields] {
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  };
  normalize();
  auto existing = column_tables_.find(c.name);
  if (existing != column_tables_.end()) {
    const auto& held = existing->second.fields();
    if (std::includes(held.begin(), held.end(), fields.begin(), fields.end())) return &existing->second;
    fields.insert(fields.end(), held.begin(), held.end());  // widen: the new table holds both
    normalize();
  }
  std::vector<Column::Kind> kinds;
  for (const auto& f : fields) kinds.push_back(column_kind(c, f));
  ColumnTable table(fields, kinds);
  PL_ASSIGN(Statement st, db_.prepare(column_select(c, fields)));
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    table.upsert(st.column_int(0), read_values(st, 1, fields.size()));
  }
  auto [it, added] = column_tables_.insert_or_assign(c.name, std::move(table));
  index_rollup_tables();
  return &it->second;
}

Result<std::vector<std::uint8_t>> Engine::sqlite_filter_mask(const RegisteredRollup& r, const ColumnTable& table) {
  PL_ASSIGN(Statement st,
            db_.prepare("SELECT t0.rowid FROM " + quote_identifier(r.collection) + " t0 WHERE (" + r.where + ")"));
  st.bind_all(r.params);
  std::vector<std::uint8_t> mask(table.rows(), 0);
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) return mask;
    if (auto at = table.row_of(st.column_int(0))) mask[*at] = 1;
  }
}

Result<std::string> Engine::define_rollup(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(std::string name, options.string("name", ""));
  if (name.empty()) return bad_request("invalid_aggregate", "a rollup needs a name");
  PL_ASSIGN(AggregateSpec spec, parse_aggregate_spec(options_json));
  PL_ASSIGN(RegisteredRollup r, prepare_rollup(*c, std::move(spec)));
  PL_TRY(fill_rollup(r, r.rollup));
  const std::string out = r.rollup.result().dump();
  rollups_.insert_or_assign(name, std::move(r));
  index_rollup_tables();
  return out;
}

Result<std::string> Engine::rollup(std::string_view name) {
  auto it = rollups_.find(name);
  if (it == rollups_.end()) return not_found("no rollup named '" + std::string(name) + "'");
  return it->second.rollup.result().dump();
}

Result<std::string> Engine::drop_rollup(std::string_view name) {
  auto it = rollups_.find(name);
  if (it != rollups_.end()) rollups_.erase(it);
  index_rollup_tables();
  return std::string("{}");
}

// Runs on the collection's column table: the filter on its columns when they can answer it, else
// SQLite picks the rows; the grouping and measures always run on the columns.
Result<std::string> Engine::aggregate(std::string_view collection, std::string_view spec_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(AggregateSpec spec, parse_aggregate_spec(spec_json));
  PL_ASSIGN(RegisteredRollup r, prepare_rollup(*c, std::move(spec)));  // checks fields, compiles the filter
  const AggregateSpec& checked = r.rollup.spec();
  PL_ASSIGN(FilterExpr filter, parse_filter(checked.filter));
  const auto filter_fields = column_filter_fields(filter, *c);
  std::vector<std::string> fields = checked.fields();
  if (filter_fields) fields.insert(fields.end(), filter_fields->begin(), filter_fields->end());
  PL_ASSIGN(const ColumnTable* table, column_table(*c, std::move(fields)));
  if (filter.items.empty()) return column_aggregate(checked, *table, nullptr).dump();
  auto mask = filter_fields ? evaluate_column_filter(filter, *table) : std::nullopt;
  if (!mask) {
    PL_ASSIGN(mask, sqlite_filter_mask(r, *table));
  }
  return column_aggregate(checked, *table, &*mask).dump();
}

Result<std::string> Engine::column_stats() const {
  static const char* const kKinds[] = {"number", "date", "text"};
  Json out = Json::array();
  for (const auto& [name, table] : column_tables_) {
    Json kinds = Json::object();
    for (const auto& f : table.fields()) kinds[f] = kKinds[table.column(f)->kind];
    out.push_back(Json{{"collection", name},
                       {"rows", table.rows()},
                       {"fields", table.fields()},
                       {"kinds", std::move(kinds)},
                       {"bytes", table.bytes()}});
  }
  return out.dump();
}

Result<std::string> Engine::storage_stats() {
  Json out = Json::array();
  for (const auto& [name, c] : collections_) {
    std::string bytes = "length(CAST(\"id\" AS BLOB))";
    for (const Field* f : c.stored_fields())
      bytes += " + coalesce(length(CAST(" + quote_identifier(f->name) + " AS BLOB)), 0)";
    PL_ASSIGN(Statement st,
              db_.prepare("SELECT count(*), coalesce(sum(" + bytes + "), 0) FROM " + quote_identifier(name)));
    PL_ASSIGN(bool row, st.step());
    out.push_back(Json{{"name", name}, {"rows", row ? st.column_int(0) : 0}, {"bytes", row ? st.column_int(1) : 0}});
  }
  return out.dump();
}

}  // namespace pocketlite
