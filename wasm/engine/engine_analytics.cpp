// Analytics on the engine: rollups registered by the app, kept current from the rows each
// committed transaction wrote (their old contribution is taken out, the new one put in), and
// one-off aggregations.
#include "core/options.h"
#include "engine/engine.h"
#include "query/filter_parser.h"

namespace pocketlite {

Result<Engine::RegisteredRollup> Engine::prepare_rollup(const Collection& c, AggregateSpec spec) const {
  std::string select = "SELECT t0.rowid";
  for (const auto& f : spec.fields()) {
    const Field* field = c.find_field(f);
    if (f != "id" && (field == nullptr || !field->stored()))
      return bad_request("invalid_aggregate", "'" + f + "' is not a field of '" + c.name + "'");
    select += ", t0." + quote_identifier(f);
  }
  PL_ASSIGN(FilterExpr expr, parse_filter(spec.filter));
  CompiledSql where;
  PL_TRY(compile_filter(expr, filter_context(c), where));
  select += ", (" + where.sql + ") FROM " + quote_identifier(c.name) + " t0";
  return RegisteredRollup{c.name, Rollup(std::move(spec)), std::move(select), std::move(where.params)};
}

namespace {

// Reads the rows of `st` (rowid, fields..., filter) into the rollup.
Status feed(Statement& st, Rollup& rollup, std::size_t fields) {
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) return Ok{};
    const std::int64_t rowid = st.column_int(0);
    if (st.column_int(static_cast<int>(fields + 1)) == 0) {
      rollup.apply(rowid, std::nullopt);
      continue;
    }
    RowValues values;
    for (std::size_t i = 1; i <= fields; ++i) {
      const int column = static_cast<int>(i);
      const int type = st.column_type(column);
      if (type == SQLITE_NULL)
        values.emplace_back(nullptr);
      else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
        values.emplace_back(st.column_double(column));
      else
        values.emplace_back(std::string(st.column_text(column)));
    }
    rollup.apply(rowid, values);
  }
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
}

void Engine::rebuild_rollups() {
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
  return Ok{};
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

Result<std::string> Engine::aggregate(std::string_view collection, std::string_view spec_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(AggregateSpec spec, parse_aggregate_spec(spec_json));
  PL_ASSIGN(RegisteredRollup r, prepare_rollup(*c, std::move(spec)));
  Rollup once(r.rollup.spec(), false);
  PL_TRY(fill_rollup(r, once));
  return once.result().dump();
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
