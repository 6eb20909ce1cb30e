#include "engine/effects.h"

#include "db/field_codec.h"

namespace pocketlite {

EffectLog::Touch& EffectLog::touch(Changes& into, const Key& key, bool existed) {
  auto [it, inserted] = into.records.try_emplace(key);
  if (inserted) {
    it->second.existed = existed;
    into.order.push_back(key);
  }
  return it->second;
}

void EffectLog::on_record(std::string_view table, std::string_view id, bool existed, bool exists) {
  if (pending_.tables.find(table) == pending_.tables.end()) pending_.tables.emplace(table);
  if (detail_ == EffectDetail::Tables) return;
  touch(pending_, Key(table, id), existed).exists = exists;
}

void EffectLog::on_table(std::string_view name) { pending_.tables.emplace(name); }

void EffectLog::on_last_value(std::string_view table, std::string_view id, std::string json) {
  touch(pending_, Key(table, id), true).last_value = std::move(json);
}

void EffectLog::commit() {
  if (committed_.tables.empty() && committed_.order.empty()) {  // the usual case: the last call took its effects
    std::swap(committed_, pending_);
    return;
  }
  committed_.tables.merge(pending_.tables);
  for (const Key& key : pending_.order) {
    Touch& later = pending_.records.at(key);
    Touch& t = touch(committed_, key, later.existed);
    t.exists = later.exists;
    if (!later.last_value.empty()) t.last_value = std::move(later.last_value);
  }
  pending_ = Changes{};
}

void EffectLog::rollback() { pending_ = Changes{}; }

void EffectLog::append_record(std::string& out, const Key& key, const Touch& t, const ReadRecord& read) const {
  const char* action = t.exists ? (t.existed ? "updated" : "created") : "deleted";
  std::optional<std::string> value;
  if (values_wanted()) value = t.exists ? read(key.first, key.second) : std::optional<std::string>(t.last_value);
  if (t.exists && values_wanted() && !value) return;  // gone again (a later call deleted it): nothing to show
  out += out.back() == '[' ? "{" : ",{";
  out += "\"collection\":";
  append_json_string(out, key.first);
  out += ",\"id\":";
  append_json_string(out, key.second);
  out += ",\"action\":\"";
  out += action;
  out += '"';
  if (values_wanted()) {
    out += ",\"record\":";
    out += value && !value->empty() ? *value : "null";
  }
  out += '}';
}

std::string EffectLog::take(const ReadRecord& read) {
  std::string out = "{\"tables\":[";
  for (const auto& name : committed_.tables) {
    if (out.back() != '[') out += ',';
    append_json_string(out, name);
  }
  out += "],\"records\":[";
  for (const Key& key : committed_.order) {
    const Touch& t = committed_.records.at(key);
    if (t.existed || t.exists) append_record(out, key, t, read);
  }
  out += "]}";
  committed_ = Changes{};
  return out;
}

}  // namespace pocketlite
