#include "analytics/aggregate_spec.h"

#include <algorithm>

#include "core/json_parse.h"

namespace pocketlite {
namespace {

Error spec_error(const std::string& where, const std::string& message) {
  return bad_request("invalid_aggregate", where + ": " + message);
}

Result<std::string> text_of(const Json& j, const char* key, const std::string& where, std::string fallback = "") {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  if (!j[key].is_string()) return spec_error(where + "." + key, "expected a string");
  return j[key].get<std::string>();
}

Result<Dimension> parse_dimension(const Json& j, const std::string& where) {
  Dimension d;
  if (j.is_string()) {
    d.name = j.get<std::string>();
    d.fields = {d.name};
    return d;
  }
  if (!j.is_object()) return spec_error(where, "expected a field name or an object");
  PL_ASSIGN(d.name, text_of(j, "name", where));
  PL_ASSIGN(std::string field, text_of(j, "field", where));
  if (!field.empty()) d.fields.push_back(field);
  if (j.contains("coalesce")) {
    if (!j["coalesce"].is_array()) return spec_error(where + ".coalesce", "expected an array of field names");
    for (const auto& f : j["coalesce"]) {
      if (!f.is_string()) return spec_error(where + ".coalesce", "expected field names");
      d.fields.push_back(f.get<std::string>());
    }
  }
  if (d.fields.empty()) return spec_error(where, "needs a field (or coalesce)");
  if (d.name.empty()) d.name = d.fields[0];
  PL_ASSIGN(std::string bucket, text_of(j, "bucket", where));
  static const std::pair<const char*, Dimension::Bucket> kBuckets[] = {{"", Dimension::None},
                                                                       {"hour", Dimension::Hour},
                                                                       {"day", Dimension::Day},
                                                                       {"week", Dimension::Week},
                                                                       {"month", Dimension::Month}};
  auto found = std::find_if(std::begin(kBuckets), std::end(kBuckets), [&](const auto& b) { return bucket == b.first; });
  if (found == std::end(kBuckets)) return spec_error(where + ".bucket", "expected hour, day, week or month");
  d.bucket = found->second;
  if (j.contains("offsetMinutes")) {
    if (!j["offsetMinutes"].is_number_integer() || std::abs(j["offsetMinutes"].get<int>()) > 18 * 60)
      return spec_error(where + ".offsetMinutes", "expected whole minutes within ±18 hours");
    d.offset_minutes = j["offsetMinutes"].get<int>();
  }
  PL_ASSIGN(d.empty, text_of(j, "empty", where));
  if (j.contains("infer")) {
    const Json& infer = j["infer"];
    if (!infer.is_object()) return spec_error(where + ".infer", "expected {from, rules, otherwise}");
    PL_ASSIGN(d.infer_from, text_of(infer, "from", where + ".infer"));
    PL_ASSIGN(d.otherwise, text_of(infer, "otherwise", where + ".infer"));
    if (!infer.contains("rules") || !infer["rules"].is_array())
      return spec_error(where + ".infer.rules", "expected [{contains: [...], value}]");
    for (const auto& rule : infer["rules"]) {
      InferRule r;
      if (!rule.is_object() || !rule.contains("contains") || !rule["contains"].is_array())
        return spec_error(where + ".infer.rules", "expected [{contains: [...], value}]");
      for (const auto& c : rule["contains"]) {
        if (!c.is_string()) return spec_error(where + ".infer.rules", "contains: expected strings");
        std::string lower = c.get<std::string>();
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
        r.contains.push_back(std::move(lower));
      }
      PL_ASSIGN(r.value, text_of(rule, "value", where + ".infer.rules"));
      d.rules.push_back(std::move(r));
    }
  }
  return d;
}

Result<Measure> parse_measure(const Json& j, const std::string& where) {
  if (!j.is_object()) return spec_error(where, "expected {name, op, field}");
  Measure m;
  PL_ASSIGN(std::string op, text_of(j, "op", where, "count"));
  static const std::pair<const char*, Measure::Op> kOps[] = {{"count", Measure::Count},
                                                             {"sum", Measure::Sum},
                                                             {"avg", Measure::Avg},
                                                             {"min", Measure::Min},
                                                             {"max", Measure::Max},
                                                             {"countDistinct", Measure::CountDistinct},
                                                             {"percentile", Measure::Percentile}};
  auto found = std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& o) { return op == o.first; });
  if (found == std::end(kOps))
    return spec_error(where + ".op", "expected count, sum, avg, min, max, countDistinct or percentile");
  m.op = found->second;
  PL_ASSIGN(m.name, text_of(j, "name", where, op));
  if (m.op != Measure::Count) {
    Json input = j;
    input.erase("name");
    input.erase("op");
    input.erase("p");
    PL_ASSIGN(m.input, parse_dimension(input, where));
  }
  if (m.op == Measure::Percentile) {
    if (!j.contains("p") || !j["p"].is_number() || j["p"].get<double>() < 0 || j["p"].get<double>() > 1)
      return spec_error(where + ".p", "expected a number from 0 to 1");
    m.percentile = j["p"].get<double>();
  }
  return m;
}

}  // namespace

std::vector<std::string> AggregateSpec::fields() const {
  std::vector<std::string> out;
  auto add = [&](const Dimension& d) {
    for (const auto& f : d.fields) out.push_back(f);
    if (!d.infer_from.empty()) out.push_back(d.infer_from);
  };
  for (const auto& d : group_by) add(d);
  for (const auto& m : measures)
    if (m.op != Measure::Count) add(m.input);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<AggregateSpec> parse_aggregate_spec(std::string_view json) {
  PL_ASSIGN(Json j, parse_json(json, "aggregate"));
  if (!j.is_object()) return spec_error("aggregate", "expected an object");
  AggregateSpec spec;
  if (j.contains("groupBy")) {
    if (!j["groupBy"].is_array()) return spec_error("groupBy", "expected an array");
    for (std::size_t i = 0; i < j["groupBy"].size(); ++i) {
      PL_ASSIGN(Dimension d, parse_dimension(j["groupBy"][i], "groupBy[" + std::to_string(i) + "]"));
      spec.group_by.push_back(std::move(d));
    }
  }
  if (!j.contains("measures") || !j["measures"].is_array() || j["measures"].empty())
    return spec_error("measures", "expected a non-empty array");
  for (std::size_t i = 0; i < j["measures"].size(); ++i) {
    PL_ASSIGN(Measure m, parse_measure(j["measures"][i], "measures[" + std::to_string(i) + "]"));
    spec.measures.push_back(std::move(m));
  }
  PL_ASSIGN(spec.filter, text_of(j, "filter", "aggregate"));
  if (spec.filter.find('@') != std::string::npos)
    return spec_error("filter", "macros such as @now are not allowed: a maintained result would drift with the clock");
  if (j.contains("order")) {
    if (!j["order"].is_array()) return spec_error("order", "expected [\"-sessions\", \"model\"]");
    for (const auto& o : j["order"]) {
      if (!o.is_string() || o.get<std::string>().empty()) return spec_error("order", "expected names");
      std::string name = o.get<std::string>();
      const bool desc = name[0] == '-';
      if (desc) name.erase(0, 1);
      spec.order.emplace_back(name, desc);
    }
  }
  if (j.contains("limit")) {
    if (!j["limit"].is_number_integer() || j["limit"].get<long long>() < 0)
      return spec_error("limit", "expected a count");
    spec.limit = j["limit"].get<std::size_t>();
  }
  return spec;
}

}  // namespace pocketlite
