// Vector search on the engine: declarations, the resident indexes kept in step with committed
// writes, and the search calls. Filters are compiled by the query engine into a bitmap over the
// index's slots before any vector is scored.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "core/options.h"
#include "engine/engine.h"

namespace pocketlite {

Status Engine::load_vector_indexes() {
  PL_ASSIGN(vector_definitions_, load_vector_definitions(db_));
  vector_indexes_.clear();
  pending_vector_rows_.clear();
  recent_filters_.clear();  // their slots number the indexes being replaced
  note_vector_fields();
  for (const auto& [collection_id, specs] : vector_definitions_) {
    auto found = find(collection_id);
    if (!found.ok()) continue;
    const Collection& c = *found.value();
    for (const auto& spec : specs) {
      auto [it, added] = vector_indexes_.try_emplace(vector_index_key(c, spec.field), spec);
      PL_TRY(load_vector_index(db_, c, it->second));
      if (!spec.keep_floats) {
        // The floats stay in SQLite: one prepared read serves every rescoring.
        auto read = std::make_shared<Statement>();
        PL_ASSIGN(*read, prepare_vector_read(db_, c, spec.field));
        it->second.set_float_source([read, spec, v = std::vector<float>()](std::int64_t rowid, float* out) mutable {
          auto found_vector = read_stored_vector(*read, rowid, spec, v);
          read->reset();  // a statement left on a row would lock the table against schema changes
          if (!found_vector.ok() || !found_vector.value()) return false;
          std::copy(v.begin(), v.end(), out);
          return true;
        });
      }
    }
  }
  return Ok{};
}

// Versions before packed storage kept a float32 side table per vector field next to the record's
// JSON text. The first open after the upgrade drops the tables and packs the text.
Status Engine::upgrade_vector_storage() {
  PL_ASSIGN(std::vector<std::string> tables, legacy_side_tables(db_));
  if (tables.empty()) return Ok{};
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_TRY(drop_tables(db_, tables));
  PL_ASSIGN(Json forgotten, repack_vector_fields(db_, collections_));
  (void)forgotten;  // a declaration whose field is gone was already unusable
  return commit(tx);
}

// Marks the json fields declared as vectors (the record store packs their arrays), and notes the
// collections whose written rows the indexes re-read: by name, so after every reload (a rename).
void Engine::note_vector_fields() {
  vector_tables_.clear();
  for (auto& [name, c] : collections_) {
    auto specs = vector_definitions_.find(c.id);
    if (specs != vector_definitions_.end()) vector_tables_.insert(name);
    for (auto& f : c.fields)
      f.packed_numbers = f.type == FieldType::JsonValue && specs != vector_definitions_.end() &&
                         std::any_of(specs->second.begin(), specs->second.end(),
                                     [&](const VectorSpec& spec) { return spec.field == f.name; });
  }
}

Status Engine::refresh_vector_indexes() {
  auto rows = std::move(pending_vector_rows_);
  pending_vector_rows_.clear();
  if (vector_reload_) return Ok{};  // apply_schema reloads every index after the schema change
  // Rows come sorted by collection: one prepared read per vector field of each.
  std::string current;
  std::vector<std::pair<VectorIndex*, Statement>> reads;
  for (const auto& [table, rowid] : rows) {
    if (table != current) {
      current = table;
      reads.clear();
      auto c = collections_.find(table);
      auto specs = c == collections_.end() ? vector_definitions_.end() : vector_definitions_.find(c->second.id);
      if (specs == vector_definitions_.end()) continue;
      for (const auto& spec : specs->second) {
        auto index = vector_indexes_.find(vector_index_key(c->second, spec.field));
        if (index == vector_indexes_.end()) continue;
        PL_ASSIGN(Statement read, prepare_vector_read(db_, c->second, spec.field));
        reads.emplace_back(&index->second, std::move(read));
      }
    }
    for (auto& [index, read] : reads) PL_TRY(refresh_vector(read, rowid, *index));
  }
  return Ok{};
}

// Vectors that do not decode are refused per record, before anything is written.
void Engine::check_vector_field(const Collection& c, const Field& f, const JsonSpan* value, Json& errors) const {
  if (value == nullptr || is_empty_vector(*value)) return;
  auto specs = vector_definitions_.find(c.id);
  if (specs == vector_definitions_.end()) return;
  for (const auto& spec : specs->second) {
    if (spec.field != f.name) continue;
    std::vector<float> decoded;
    if (auto status = decode_vector(*value, spec, decoded); !status.ok())
      errors[f.name] = Json{{"code", status.error().code}, {"message", status.error().message}};
  }
}

bool Engine::declared_as(const Collection& c, const VectorSpec& spec) const {
  auto specs = vector_definitions_.find(c.id);
  if (specs == vector_definitions_.end()) return false;
  const Json wanted = vector_spec_json(spec);
  return std::any_of(specs->second.begin(), specs->second.end(), [&](const VectorSpec& declared) {
    return declared.field == spec.field && vector_spec_json(declared) == wanted;
  });
}

Result<std::string> Engine::define_vectors(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(std::string field, options.string("field", ""));
  PL_ASSIGN(VectorSpec spec, parse_vector_spec(field, options_json));
  // Apps declare their vector fields on every open: the same declaration keeps the table and the
  // resident index as they are (rebuilding re-decodes every stored vector: seconds for thousands).
  if (declared_as(*c, spec) && vector_indexes_.count(vector_index_key(*c, spec.field)) > 0)
    return vector_stats(collection, R"({"field":)" + Json(field).dump() + "}");
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_TRY(define_vector_field(db_, *c, spec));
  PL_TRY(commit(tx));
  PL_TRY(load_vector_indexes());
  return vector_stats(collection, R"({"field":)" + Json(field).dump() + "}");
}

Result<std::pair<const Collection*, VectorIndex*>> Engine::vector_index(std::string_view collection,
                                                                        const Options& options) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(std::string field, options.string("field", ""));
  if (field.empty()) {  // the collection's only vector field
    auto specs = vector_definitions_.find(c->id);
    if (specs != vector_definitions_.end() && specs->second.size() == 1) field = specs->second[0].field;
  }
  auto it = vector_indexes_.find(vector_index_key(*c, field));
  if (it == vector_indexes_.end())
    return bad_request("invalid_vectors",
                       "'" + c->name + "." + field + "' is not a vector field (declare it with defineVectors)");
  return std::pair{c, &it->second};
}

Result<std::string> Engine::run_vector_search(const Collection& c, VectorIndex& index, const Options& options,
                                              VectorQuery query) {
  PL_ASSIGN(std::int64_t k, options.integer("k", 10));
  query.k = static_cast<std::size_t>(std::clamp<std::int64_t>(k, 1, 1000));
  PL_ASSIGN(std::string mode, options.string("mode", "exact"));
  if (mode == "exact")
    query.mode = VectorMode::Exact;
  else if (mode == "fast")
    query.mode = VectorMode::Fast;
  else if (mode == "int8")
    query.mode = VectorMode::Int8;
  else if (mode == "binary")
    query.mode = VectorMode::Binary;
  else
    return bad_request("invalid_vectors", "mode must be exact, fast, int8 or binary, not '" + mode + "'");
  PL_ASSIGN(std::int64_t oversample, options.integer("oversample", 0));
  query.oversample = static_cast<std::size_t>(std::clamp<std::int64_t>(oversample, 0, 1000));
  PL_ASSIGN(std::string filter, options.string("filter", ""));
  if (!filter.empty()) {
    PL_ASSIGN(query.allowed, filter_slots(c, index, options, filter));
  }
  // Without the vector, a hit's record is a fraction of its JSON (a 384-d vector is ~8 KB of it).
  PL_ASSIGN(bool with_vector, options.boolean("withVector", true));
  const std::string without = with_vector ? "" : index.spec().field;
  std::string out = "{\"items\":[";
  bool first = true;
  for (const VectorHit& hit : index.search(query)) {
    PL_ASSIGN(std::string record, records_.get_by_rowid(c, hit.rowid, without));
    out += (first ? "" : ",");
    out += "{\"id\":" + Json(*hit.id).dump() + ",\"score\":" + Json(hit.score).dump() + ",\"record\":" + record + "}";
    first = false;
  }
  return out + "],\"mode\":\"" + mode + "\",\"metric\":\"" + metric_name(index.spec().metric) + "\"}";
}

// The SELECT of the rowids of `c` whose records match the options' filter; with `filterVia`
// (a single relation of `c`), the filter applies to the records that relation points to.
Result<CompiledSql> Engine::filter_rows_sql(const Collection& c, const Options& options) {
  PL_ASSIGN(std::string via, options.string("filterVia", ""));
  if (via.empty()) {
    PL_ASSIGN(CompiledSql where, where_clause(c, options));
    where.sql = "SELECT t0.rowid FROM " + quote_identifier(c.name) + " t0 WHERE " + where.sql;
    return where;
  }
  const Field* relation = c.find_field(via);
  const Collection* target = relation == nullptr ? nullptr : filter_context(c).lookup(relation->collection_id);
  if (relation == nullptr || relation->type != FieldType::Relation || relation->multi || target == nullptr)
    return bad_request("invalid_vectors", "filterVia: '" + via + "' is not a single relation of '" + c.name + "'");
  PL_ASSIGN(CompiledSql where, where_clause(*target, options));
  where.sql = "SELECT v.rowid FROM " + quote_identifier(c.name) + " v JOIN " + quote_identifier(target->name) +
              " t0 ON t0.\"id\" = v." + quote_identifier(via) + " WHERE " + where.sql;
  return where;
}

// The index slots whose records match the filter, sorted. Kept for the last few filters while
// the tables each one reads are unchanged, or only its own table changed and the rows written
// are re-checked (date macros make the clock part of the key).
Result<const SlotSubset*> Engine::filter_slots(const Collection& c, const VectorIndex& index, const Options& options,
                                               const std::string& filter) {
  PL_ASSIGN(std::int64_t now, options.integer("now", 0));
  PL_ASSIGN(std::string via, options.string("filterVia", ""));
  std::string key = vector_index_key(c, index.spec().field) + '\n' + via + '\n' + filter;
  if (filter.find('@') != std::string::npos) key += '\n' + std::to_string(now);
  for (auto it = recent_filters_.begin(); it != recent_filters_.end(); ++it) {
    if (it->key != key) continue;
    if (!filter_current(*it)) {
      recent_filters_.erase(it);
      break;
    }
    recent_filters_.splice(recent_filters_.begin(), recent_filters_, it);  // the newest first
    FilterSlots& kept = recent_filters_.front();
    if (!kept.dirty.empty()) PL_TRY(apply_dirty_rows(kept, index));
    return &kept.subset;
  }
  PL_ASSIGN(CompiledSql select, filter_rows_sql(c, options));
  FilterSlots built{std::move(key), {}, {}, {}, {}, {}};
  PL_ASSIGN(std::vector<std::string> tables, db_.tables_read(select.sql));
  for (const auto& table : tables) {
    auto it = table_changes_.find(table);
    built.reads.emplace_back(table, it == table_changes_.end() ? 0 : it->second);
  }
  if (via.empty() && built.key.find('@') == std::string::npos && tables == std::vector<std::string>{c.name}) {
    built.own_table = c.name;
    built.row_check = select;
    built.row_check.sql += " AND t0.rowid = ?" + std::to_string(select.params.size() + 1);
  }
  PL_ASSIGN(Statement st, db_.prepare(select.sql));
  st.bind_all(select.params);
  ++filter_scans_;
  for (;;) {
    PL_ASSIGN(bool row, st.step());
    if (!row) break;
    if (const std::int64_t slot = index.slot_of(st.column_int(0)); slot >= 0)
      built.subset.slots.push_back(static_cast<std::size_t>(slot));
  }
  std::sort(built.subset.slots.begin(), built.subset.slots.end());  // the arenas in memory order
  index.pack(built.subset);
  recent_filters_.push_front(std::move(built));
  if (recent_filters_.size() > kFilterSlotsKept) recent_filters_.pop_back();
  return &recent_filters_.front().subset;
}

bool Engine::filter_current(const FilterSlots& f) const {
  return std::all_of(f.reads.begin(), f.reads.end(), [&](const auto& read) {
    auto it = table_changes_.find(read.first);
    return (it == table_changes_.end() ? 0 : it->second) == read.second;
  });
}

void Engine::note_filter_rows() {
  auto rows = std::move(pending_filter_rows_);
  pending_filter_rows_.clear();
  for (auto it = recent_filters_.begin(); it != recent_filters_.end();) {
    const bool follows = !it->own_table.empty() && effects_.pending_tables().count(it->own_table) != 0;
    if (!follows || !filter_current(*it)) {  // not its table, or already stale: left to the check at use
      ++it;
      continue;
    }
    for (auto row = rows.lower_bound({it->own_table, INT64_MIN}); row != rows.end() && row->first == it->own_table;
         ++row)
      it->dirty.insert(row->second);
    if (it->dirty.size() > kDirtyRowsKept) {
      it = recent_filters_.erase(it);  // re-checking that many rows costs about what a new scan does
      continue;
    }
    ++it->reads.front().second;  // this commit's change to its one table is accounted for
    ++it;
  }
}

Status Engine::apply_dirty_rows(FilterSlots& f, const VectorIndex& index) {
  PL_ASSIGN(Statement st, db_.prepare(f.row_check.sql));
  const int rowid_param = static_cast<int>(f.row_check.params.size() + 1);
  const auto matches = [&](std::int64_t rowid) -> Result<bool> {
    st.reset();
    st.bind_all(f.row_check.params);
    st.bind_int(rowid_param, rowid);
    return st.step();
  };
  std::vector<std::size_t>& kept = f.subset.slots;
  if (f.subset.version == index.version()) {
    // No slot was freed or recoded since the subset was made: only the dirty rows can move in or
    // out, each found by its slot, without walking the subset.
    std::vector<std::size_t> in, out;
    for (std::int64_t rowid : f.dirty) {
      const std::int64_t slot = index.slot_of(rowid);
      if (slot < 0) continue;
      PL_ASSIGN(bool match, matches(rowid));
      const bool held = std::binary_search(kept.begin(), kept.end(), static_cast<std::size_t>(slot));
      if (match != held) (match ? in : out).push_back(static_cast<std::size_t>(slot));
    }
    f.dirty.clear();
    if (in.empty() && out.empty()) return Ok{};
    std::sort(out.begin(), out.end());
    std::erase_if(kept, [&](std::size_t slot) { return std::binary_search(out.begin(), out.end(), slot); });
    kept.insert(kept.end(), in.begin(), in.end());
    std::sort(kept.begin(), kept.end());
    index.pack(f.subset);
    return Ok{};
  }
  std::vector<std::size_t> slots;
  slots.reserve(kept.size());
  for (std::size_t slot : kept) {
    const std::int64_t rowid = index.rowid_at(slot);
    if (rowid >= 0 && f.dirty.count(rowid) == 0) slots.push_back(slot);
  }
  for (std::int64_t rowid : f.dirty) {
    PL_ASSIGN(bool match, matches(rowid));
    if (const std::int64_t slot = match ? index.slot_of(rowid) : -1; slot >= 0)
      slots.push_back(static_cast<std::size_t>(slot));
  }
  std::sort(slots.begin(), slots.end());
  f.dirty.clear();
  kept = std::move(slots);
  index.pack(f.subset);
  return Ok{};
}

Result<std::string> Engine::vector_search(std::string_view collection, std::string_view options_json,
                                          std::string_view query_bytes) {
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(auto found, vector_index(collection, options));
  auto [c, index] = found;
  VectorQuery query;
  const auto dimension = static_cast<std::size_t>(index->spec().dimension);
  if (!query_bytes.empty()) {
    if (query_bytes.size() != dimension * sizeof(float))
      return bad_request("invalid_vectors", "the query vector has " + std::to_string(query_bytes.size() / 4) +
                                                " dimensions; '" + index->spec().field + "' has " +
                                                std::to_string(dimension));
    query.vector.resize(dimension);
    std::memcpy(query.vector.data(), query_bytes.data(), query_bytes.size());
  } else {
    PL_ASSIGN(std::string text, options.string("vector", ""));
    VectorSpec spec = index->spec();
    spec.field = "vector";
    PL_TRY(decode_vector_text(text, spec, query.vector));
  }
  for (float v : query.vector)
    if (!std::isfinite(v)) return bad_request("invalid_vectors", "the query vector has a value that is not finite");
  return run_vector_search(*c, *index, options, std::move(query));
}

Result<std::string> Engine::similar(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(auto found, vector_index(collection, options));
  auto [c, index] = found;
  PL_ASSIGN(std::string id, options.string("id", ""));
  PL_ASSIGN(Statement st, db_.prepare("SELECT rowid FROM " + quote_identifier(c->name) + " WHERE id = ?1"));
  st.bind_text(1, id);
  PL_ASSIGN(bool row, st.step());
  std::vector<float> buffer;
  const float* stored = row ? index->vector_of(st.column_int(0), buffer) : nullptr;
  if (stored == nullptr)
    return not_found("record '" + id + "' of '" + c->name + "' has no '" + index->spec().field + "' vector");
  VectorQuery query;
  query.vector.assign(stored, stored + index->spec().dimension);
  query.exclude_rowid = st.column_int(0);
  return run_vector_search(*c, *index, options, std::move(query));
}

// The durable copy of a field's vectors, averaged: the record's own value (packed, or the text a
// text field holds); and with the resident bytes, everything a vector costs.
Status Engine::add_stored_bytes(const Collection& c, const VectorIndex& index, Json& out) {
  const std::string field = quote_identifier(index.spec().field);
  PL_ASSIGN(Statement stored,
            db_.prepare("SELECT avg(length(CAST(" + field + " AS BLOB))) FROM " + quote_identifier(c.name) +
                        " WHERE length(" + field + ") > 2"));  // not null, "" or []
  PL_ASSIGN(bool row, stored.step());
  const double in_row = row ? stored.column_double(0) : 0;
  out["storedBytesPerVector"] = Json{{"record", in_row}};
  out["totalBytesPerVector"] = index.resident_bytes_per_vector() + in_row;
  return Ok{};
}

Result<std::string> Engine::vector_stats(std::string_view collection, std::string_view options_json) {
  PL_ASSIGN(Options options, Options::parse(options_json));
  PL_ASSIGN(auto found, vector_index(collection, options));
  const auto [c, index_pointer] = found;
  const VectorIndex& index = *index_pointer;
  Json out = vector_spec_json(index.spec());
  out["count"] = index.size();
  out["fastBytesPerVector"] = index.fast_bytes_per_vector();
  out["residentBytesPerVector"] = index.resident_bytes_per_vector();
  PL_ASSIGN(bool stored, options.boolean("stored", true));
  if (stored) PL_TRY(add_stored_bytes(*c, index, out));
  out["filterScans"] = filter_scans_;
  PL_ASSIGN(bool probe, options.boolean("probe", false));
  if (probe) out["probe"] = index.bandwidth_probe();
  return out.dump();
}

}  // namespace pocketlite
