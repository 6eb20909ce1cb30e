// The engine façade: one replica database, its collections and records. Every method takes and
// returns JSON text and reports failure as an Error value; the instance stays usable after any error.
#pragma once

#include <list>
#include <memory>
#include <set>

#include "analytics/column_table.h"
#include "analytics/rollup.h"
#include "db/collection_ids.h"
#include "db/record_store.h"
#include "db/schema_store.h"
#include "engine/effects.h"
#include "search/search_index.h"
#include "vector/vector_store.h"

namespace pocketlite {

class Options;
struct ExpandTree;

/// The write an API rule is checked for.
enum class RuleOp { Create, Update, Delete };
/// What a rule says of a write: the server allows it, refuses it (the rule is null: only
/// superusers may, or it does not hold), or only the server can tell.
enum class RuleVerdict { Allowed, SuperusersOnly, Refused, Unknown };

/// How to open a replica.
struct OpenOptions {
  std::string owner_id;           // the authenticated user the replica belongs to ("" for a guest)
  const char* vfs = nullptr;      // SQLite VFS name; nullptr for the default one
  bool volatile_storage = false;  // the store forgets everything anyway (memory): keep the journal in memory
};

/// One open replica database.
class Engine {
 public:
  static Result<std::unique_ptr<Engine>> open(const std::string& path, const OpenOptions& options);

  /// Applies PocketBase collection definitions; options: {"dropMissing": bool}. Returns the summary.
  Result<std::string> apply_schema(std::string_view schema_json, std::string_view options_json);
  /// The stored collection definitions as a JSON array.
  Result<std::string> collections() const;
  /// One record; with `expand` (PocketBase's syntax: `user,session.user,messages_via_session`)
  /// its related records under `expand`, as the REST API shapes them.
  Result<std::string> get_one(std::string_view collection, std::string_view id, std::string_view expand = "");
  /// A page of records, as PocketBase's list API shapes it: {items, page, perPage, totalItems,
  /// totalPages}. Options: {filter, sort, page, perPage (≤ 1000), skipTotal, now (ms, for date
  /// macros), expand (see get_one)}; with {"all": true} every matching record is returned in one page.
  Result<std::string> get_list(std::string_view collection, std::string_view options_json);
  /// Indexes these text fields of a collection for full-text search (fields: JSON array of names).
  Result<std::string> define_search(std::string_view collection, std::string_view fields_json);
  /// Full-text search; options {query, filter, limit (≤ 200), cursor, total, now}. See run_search.
  Result<std::string> search(std::string_view collection, std::string_view options_json);
  /// The collections a list, count or search with these options {filter, sort, expand} reads: what
  /// a live query must watch. Learned from SQLite's authorizer on the query the engine would run,
  /// plus the collections `expand` reaches. With {rollup: name} (collection ""): the rollup's source.
  Result<std::string> tables_read(std::string_view collection, std::string_view options_json);
  /// What the transactions committed since the last call did, as JSON (see EffectLog::take).
  std::string take_effects();
  /// How much take_effects() says of records (see EffectDetail).
  void set_effect_detail(EffectDetail detail) { effects_.set_detail(detail); }
  /// How many records match options {filter, now} (all records without a filter).
  Result<std::string> count(std::string_view collection, std::string_view options_json = "");
  [[nodiscard]] const std::string& path() const { return path_; }

  // Vector search (wasm/vector/, engine_vectors.cpp).

  /// Declares a vector field: options {field, dimension, metric, encoding}; builds its index.
  Result<std::string> define_vectors(std::string_view collection, std::string_view options_json);
  /// Top-k records nearest `query` (float32 bytes, or options.vector as JSON array/base64 text):
  /// options {field, k, filter, mode: exact|fast|binary, oversample, now}.
  Result<std::string> vector_search(std::string_view collection, std::string_view options_json, std::string_view query);
  /// Nearest neighbours of a stored record's vector: options {id, field, k, filter, mode, oversample}.
  Result<std::string> similar(std::string_view collection, std::string_view options_json);
  /// {count, dimension, metric, fastBytesPerVector, residentBytesPerVector}; {probe: true} also
  /// sums every stored float (the benchmarks' memory-bandwidth reference).
  Result<std::string> vector_stats(std::string_view collection, std::string_view options_json);

  // Analytics (wasm/analytics/, engine_analytics.cpp).

  /// Registers an aggregation kept current by every committed write: options {name, groupBy,
  /// measures, filter, order, limit} (see AggregateSpec). Returns its first result.
  Result<std::string> define_rollup(std::string_view collection, std::string_view options_json);
  /// A registered rollup's current result, {rows, groups}; O(groups).
  Result<std::string> rollup(std::string_view name);
  Result<std::string> drop_rollup(std::string_view name);
  /// A one-off aggregation over the collection (one pass over its rows).
  Result<std::string> aggregate(std::string_view collection, std::string_view spec_json);
  /// The column store's size: [{collection, rows, fields, kinds: {field: number|date|text}, bytes}].
  Result<std::string> column_stats() const;
  /// Rows and stored bytes (the sum of every value's size) of each collection: [{name, rows, bytes}].
  Result<std::string> storage_stats();

  // API rules (engine_rules.cpp).

  /// Whether the collection's rule lets the replica's user `op` (create, update, delete) record
  /// `id` with `body`: "true", "false", or "null" when only the server can tell.
  Result<std::string> can(std::string_view collection, RuleOp op, std::string_view id, std::string_view body_json);

  // Sync (wasm/sync/): server data in, local writes out. Each call is one transaction.

  /// Stores records as the server sent them: one, an array, or with {list: true} a list response;
  /// the one way records from outside enter (sync pages, realtime events, an app's own upsert).
  /// A record applies only when newer than the replica's copy, and fields with local changes
  /// waiting keep their local values (apply_server_records). With {advanceCursor: true, syncedAt}
  /// the collection's pull cursor moves past them, atomically.
  Result<std::string> upsert(std::string_view collection, std::string_view payload, std::string_view options_json);
  /// {count, last: {updated, id}} of a list response, without applying it: lets a pull request the
  /// next page while this one is applied.
  Result<std::string> page_end(std::string_view payload);
  /// Applies records the server deleted (a JSON array of ids or {id, version}).
  Result<std::string> apply_server_deletes(std::string_view collection, std::string_view deletes_json);
  /// Local writes, queued for the server; options {now} (ms) stamps autodate fields.
  Result<std::string> create(std::string_view collection, std::string_view record_json, std::string_view options_json);
  Result<std::string> update(std::string_view collection, std::string_view id, std::string_view patch_json,
                             std::string_view options_json);
  Result<std::string> local_delete(std::string_view collection, std::string_view id);
  // The outbox (wasm/sync/outbox.h): each call one transaction.

  /// Marks up to `max` sends as sending and returns them.
  Result<std::string> outbox_take(std::int64_t max);
  /// The entries in `state` ("" for all).
  Result<std::string> outbox_list(std::string_view state);
  /// Settles sends the server took, in one transaction: args {acks: [{seqs, server (its record, or
  /// null)}, ...]} (every answer of a batch request at once).
  Result<std::string> outbox_ack(std::string_view args_json);
  /// Settles sends the server refused for good: args {seqs, error, server?}; {superseded}.
  Result<std::string> outbox_fail(std::string_view args_json);
  /// Queues sends again after a transient failure: args {seqs, error}.
  Result<std::string> outbox_requeue(std::string_view args_json);
  /// Re-applies a failed entry locally and queues it again, stamped `now`.
  Result<std::string> outbox_retry(std::int64_t seq, std::int64_t now);
  /// Forgets a failed entry.
  Result<std::string> outbox_discard(std::int64_t seq);
  /// {id: {state, error, op}} for a collection's records that are not synced.
  Result<std::string> sync_states(std::string_view collection);
  /// Saves a pull cursor that no local collection carries (the tombstones feed).
  Result<std::string> set_cursor(std::string_view name, std::string_view cursor_json);
  /// Every collection's pull cursor.
  Result<std::string> cursors();
  /// The collection's records as the server last showed them (not local creates never sent; local
  /// deletes not yet sent included), with `updated` in [from, to) ("" = unbounded): {count, median
  /// (the middle `updated`, null when none), ids (sorted, with {ids: true})}. What delete detection
  /// without tombstones compares with the server's counts.
  Result<std::string> server_versions(std::string_view collection, std::string_view options_json);

 private:
  struct Key {};  // only open() constructs engines

 public:
  Engine(Key, std::string path, Database db, std::string owner_id)
      : path_(std::move(path)), db_(std::move(db)), records_(db_, std::move(owner_id)) {}

 private:
  /// Applies `schema` and remembers `input` (its text and options) as the last schema applied.
  Result<Json> apply_schema_in_transaction(const std::vector<Collection>& schema, const ApplyOptions& options,
                                           const std::vector<ServerIdBinding>& learned, std::string_view input);
  Result<std::string> define_search_in_transaction(const Collection& c, const SearchDefinition& definition);
  /// Commits; the transaction's effects join those take_effects() hands out.
  Status commit(Transaction& tx);
  /// Hands the row changes queued for search indexes in this transaction to FTS5 (search_index.h).
  Status flush_search_queues();
  /// Moves search indexes of a replica written before the queue onto it (search_index.h).
  Status upgrade_search_triggers();
  void install_change_hooks();
  Result<const Collection*> find(std::string_view name) const;
  /// Compiles filters over `c`, resolving relations against the replica's collections.
  FilterContext filter_context(const Collection& c) const;
  Result<CompiledSql> where_clause(const Collection& c, const Options& options) const;
  Status reload_collections();
  /// Adds `expand` to records of `c` (a JSON array or one object) from local rows (engine_expand.cpp).
  Result<std::string> expand_records(const Collection& c, std::string_view records_json, std::string_view spec);
  Status expand_level(const Collection& c, const std::vector<Json*>& records, const ExpandTree& tree);
  /// Adds to `names` every collection an expand `spec` on `c` reads (engine_expand.cpp).
  void expand_tables(const Collection& c, std::string_view spec, std::set<std::string>& names) const;
  Result<std::vector<Json>> expand_rows(const Collection& c, const std::string& where, const std::string& arg,
                                        std::int64_t limit);
  /// The replica's user as a rule's `@request.auth` (null for a guest).
  Json auth_record();
  /// What c's rule for `op` says of the write (inside the caller's transaction).
  Result<RuleVerdict> rule_verdict(const Collection& c, RuleOp op, const std::string& id, const Json& body);
  Result<RuleVerdict> rule_holds(const Collection& c, const std::string& id, const CompiledSql& where);
  /// Refuses, as the server would, a write c's rule refuses.
  Status check_rule(const Collection& c, RuleOp op, const std::string& id, const Json& body);
  /// Remembers that the server calls collection `c` `server_id` (its records carry that id).
  Status learn_server_id(const Collection& c, const std::string& server_id);
  /// Rebuilds every resident vector index from the records' stored vectors.
  Status load_vector_indexes();
  Status upgrade_vector_storage();
  void note_vector_fields();
  /// Brings the resident indexes up to date with the side-table rows a committed transaction wrote.
  Status refresh_vector_indexes();
  void check_vector_field(const Collection& c, const Field& f, const JsonSpan* value, Json& errors) const;
  /// True when `spec` is how c's field is already declared (a repeated declaration changes nothing).
  bool declared_as(const Collection& c, const VectorSpec& spec) const;
  Result<std::pair<const Collection*, VectorIndex*>> vector_index(std::string_view collection, const Options& options);
  /// A rollup registered on a collection, with its compiled filter.
  struct RegisteredRollup {
    std::string collection;
    Rollup rollup;
    std::string select;  // SELECT t0.rowid, <fields>, <filter> FROM <table> t0
    std::string where;   // the filter's SQL, over t0
    std::vector<SqlValue> params;
  };
  Result<RegisteredRollup> prepare_rollup(const Collection& c, AggregateSpec spec) const;
  /// Feeds every row of the rollup's collection into `into` (the rollup's own, or a one-off).
  Status fill_rollup(const RegisteredRollup& r, Rollup& into);
  /// After a schema change (rowids and fields may differ): recompiles and refills every rollup,
  /// dropping the ones that no longer fit.
  void rebuild_rollups();
  Status refresh_rollups();
  /// Recomputes which collections some rollup or column table reads (what the update hook
  /// collects rows of).
  void index_rollup_tables();
  /// c's column table holding at least `fields`, built (one scan) when missing or too narrow.
  Result<const ColumnTable*> column_table(const Collection& c, std::vector<std::string> fields);
  /// The rows of `table` that `r`'s filter passes, asked of SQLite (filters the columns cannot run).
  Result<std::vector<std::uint8_t>> sqlite_filter_mask(const RegisteredRollup& r, const ColumnTable& table);
  /// Brings the column tables up to date with rows a committed transaction wrote.
  Status refresh_column_tables(const std::set<std::pair<std::string, std::int64_t>>& rows);
  Result<const SlotSubset*> filter_slots(const Collection& c, const VectorIndex& index, const Options& options,
                                         const std::string& filter);
  Result<CompiledSql> filter_rows_sql(const Collection& c, const Options& options);
  Status add_stored_bytes(const Collection& c, const VectorIndex& index, Json& out);
  Result<std::string> run_vector_search(const Collection& c, VectorIndex& index, const Options& options,
                                        VectorQuery query);
  /// Runs `work` in a transaction with the sync context; commits when it succeeds.
  template <typename Work>
  Result<std::string> in_sync_transaction(Work&& work);

  std::string path_;
  Database db_;
  RecordStore records_;
  CollectionMap collections_;
  SearchDefinitions search_;  // loaded with the collections: searches do not re-read _pl_search
  // Collections whose FTS queue has rows the next commit flushes.
  std::set<std::string, std::less<>> pending_search_queues_;
  EffectLog effects_;  // what committed (and the open) transactions did
  VectorDefinitions vector_definitions_;
  std::map<std::string, VectorIndex, std::less<>> vector_indexes_;      // by vector_index_key()
  std::set<std::string, std::less<>> vector_tables_;                    // collections with a vector index
  std::set<std::pair<std::string, std::int64_t>> pending_vector_rows_;  // their rows written, not committed
  bool vector_reload_ = false;                                          // a schema change rebuilt tables
  std::map<std::string, RegisteredRollup, std::less<>> rollups_;        // by name
  std::set<std::string, std::less<>> rollup_tables_;                    // collections some rollup reads
  std::set<std::pair<std::string, std::int64_t>> pending_rollup_rows_;  // their rows written, not committed
  std::map<std::string, ColumnTable, std::less<>> column_tables_;       // by collection, built on first use
  std::uint64_t generation_ = 0;  // committed transactions so far: what cached answers are keyed on
  std::map<std::string, std::uint64_t, std::less<>> table_changes_;  // committed transactions that changed each
  /// A vector filter's allowed slots, valid while the tables its query reads keep their change counts.
  /// A filter that reads only its own collection's table (`own_table` set) follows that table's
  /// commits instead: the rows they wrote wait in `dirty` and only they are re-checked at its next
  /// use (a write to the filtered collection does not re-run the filter over every row).
  struct FilterSlots {
    std::string key;
    std::vector<std::pair<std::string, std::uint64_t>> reads;
    SlotSubset subset;
    std::string own_table;
    CompiledSql row_check;  // the filter's SELECT narrowed to one rowid (its last parameter)
    std::set<std::int64_t> dirty;
  };
  [[nodiscard]] bool filter_current(const FilterSlots& f) const;
  /// Adds the rows a commit wrote to the dirty sets of the filters that follow their tables.
  void note_filter_rows();
  /// Re-checks a filter's dirty rows against its query and updates its slots.
  Status apply_dirty_rows(FilterSlots& f, const VectorIndex& index);
  /// The last few filters' slots, newest first: a new query under the same filter, alternating
  /// filters, or a write to a collection the filter does not read, do not re-run them.
  std::list<FilterSlots> recent_filters_;
  static constexpr std::size_t kFilterSlotsKept = 4;
  static constexpr std::size_t kDirtyRowsKept = 2048;  // more written rows than this: run the filter again
  std::set<std::pair<std::string, std::int64_t>> pending_filter_rows_;  // rows of followed tables, not committed
  std::uint64_t filter_scans_ = 0;  // filters run to build slot lists (vectorStats: filterScans)
};

}  // namespace pocketlite
