// What committed writes did to the replica, as JavaScript is told of it: the tables each commit
// changed and the records it created, updated or deleted. Fed by SQLite's preupdate hook (every row
// change, see Engine::install_change_hooks) and by the record store just before a delete (the
// record's last value); handed out, and forgotten, with the reply of the call that committed.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pocketlite {

/// The name JavaScript watches for changes of the outbox (records' sync states).
constexpr std::string_view kOutboxTable = "@outbox";

/// How much the effects say of records: nothing (the tables changed are enough for live queries),
/// their ids (the sync follows records it refused), or also their values (change listeners).
enum class EffectDetail { Tables = 0, Ids = 1, Values = 2 };

/// Row changes of the open transaction and of committed ones not handed out yet.
class EffectLog {
 public:
  /// A row of collection `table` is about to change: `existed` before (an update or delete),
  /// `exists` after (an insert or update).
  void on_record(std::string_view table, std::string_view id, bool existed, bool exists);
  /// A table changed whose rows are not records (the outbox).
  void on_table(std::string_view name);
  /// A record's value just before its delete (reported with the delete when values are wanted).
  void on_last_value(std::string_view table, std::string_view id, std::string json);
  /// How much is reported of records from now on.
  void set_detail(EffectDetail detail) { detail_ = detail; }
  [[nodiscard]] bool values_wanted() const { return detail_ == EffectDetail::Values; }

  /// The collections (and the outbox) the open transaction changed so far.
  [[nodiscard]] const std::set<std::string, std::less<>>& pending_tables() const { return pending_.tables; }
  /// The open transaction committed: its effects join the committed ones.
  void commit();
  /// The open transaction rolled back: its effects are forgotten.
  void rollback();

  /// Reads a record's current value as JSON (nullopt when the replica no longer holds it).
  using ReadRecord = std::function<std::optional<std::string>(const std::string& collection, const std::string& id)>;
  /// The committed effects as JSON {tables: [...], records: [{collection, id, action, record?}]}
  /// (action: created, updated or deleted; records with EffectDetail::Ids and up, their values
  /// with Values); then forgets them.
  std::string take(const ReadRecord& read);

 private:
  // A record's first and last state in the effects, and its last value before a delete.
  struct Touch {
    bool existed = false;
    bool exists = false;
    std::string last_value;
  };
  using Key = std::pair<std::string, std::string>;  // (collection, id)
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string>()(k.first) * 31 + std::hash<std::string>()(k.second);
    }
  };
  struct Changes {
    std::set<std::string, std::less<>> tables;
    std::vector<Key> order;  // records in the order first touched
    std::unordered_map<Key, Touch, KeyHash> records;
  };
  Touch& touch(Changes& into, const Key& key, bool existed);
  void append_record(std::string& out, const Key& key, const Touch& t, const ReadRecord& read) const;

  Changes pending_, committed_;
  EffectDetail detail_ = EffectDetail::Tables;
};

}  // namespace pocketlite
