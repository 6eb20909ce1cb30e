// API rules evaluated locally: a collection's createRule, updateRule and deleteRule, compiled by
// the filter compiler with `@request.auth.*` (the replica's user), `@request.body.*` (the write)
// and the record's fields, and run on the replica's rows. A local write the server would refuse
// is refused at once with the server's answer; a rule the replica cannot decide (`@collection.*`,
// a path through the request's relations) is left to the server.
#include "core/json_parse.h"
#include "core/json_scan.h"
#include "db/field_cast.h"
#include "engine/engine.h"
#include "query/filter_parser.h"

namespace pocketlite {
namespace {

const char* rule_key(RuleOp op) {
  return op == RuleOp::Create ? "createRule" : op == RuleOp::Update ? "updateRule" : "deleteRule";
}

const char* method_of(RuleOp op) { return op == RuleOp::Create ? "POST" : op == RuleOp::Update ? "PATCH" : "DELETE"; }

}  // namespace

// The replica's user as `@request.auth` sees it: the record from its auth collection, or its id
// alone when the replica does not hold it; null for a guest.
Json Engine::auth_record() {
  const std::string& owner = records_.owner_id();
  if (owner.empty()) return nullptr;
  for (const auto& [name, c] : collections_) {
    if (!c.is_auth()) continue;
    auto found = records_.get_one(c, owner);
    if (!found.ok()) continue;
    Json record = Json::parse(found.value(), nullptr, false);
    if (record.is_object()) return record;
  }
  return Json{{"id", owner}};
}

Result<RuleVerdict> Engine::rule_verdict(const Collection& c, RuleOp op, const std::string& id, const Json& body) {
  const auto rule = c.definition.find(rule_key(op));
  if (rule == c.definition.end()) return RuleVerdict::Unknown;  // a schema without rules: the server decides
  if (rule->is_null()) return RuleVerdict::SuperusersOnly;
  if (!rule->is_string()) return RuleVerdict::Unknown;
  if (rule->get<std::string>().empty()) return RuleVerdict::Allowed;
  const Json request{{"auth", auth_record()}, {"body", body}, {"method", method_of(op)}};
  auto expr = parse_filter(rule->get<std::string>());
  if (!expr.ok()) return RuleVerdict::Unknown;
  FilterContext context = filter_context(c);
  context.request = &request;
  CompiledSql where;
  if (!compile_filter(expr.value(), context, where).ok()) return RuleVerdict::Unknown;
  if (op != RuleOp::Create) return rule_holds(c, id, where);
  // A create is checked on the record it would make, inserted and rolled back.
  Json candidate = Json{{"id", id}};
  for (const auto& [key, value] : body.items())
    if (const Field* f = c.find_field(key); f != nullptr && f->type != FieldType::Autodate)
      candidate[key] = cast_written_value(*f, value);
  const std::string text = candidate.dump();
  JsonScanner scanner(text);
  std::vector<JsonMember> members;
  PL_TRY(scanner.object_members(members));
  const EffectLog effects = effects_;
  const auto rollup_rows = pending_rollup_rows_;
  const auto vector_rows = pending_vector_rows_;
  const auto filter_rows = pending_filter_rows_;
  PL_TRY(db_.exec("SAVEPOINT pl_rule"));
  Result<RuleVerdict> verdict = RuleVerdict::Unknown;
  if (records_.upsert_record(c, members, Validation::Types).ok()) verdict = rule_holds(c, id, where);
  PL_TRY(db_.exec("ROLLBACK TO pl_rule; RELEASE pl_rule"));
  effects_ = effects, pending_rollup_rows_ = rollup_rows, pending_vector_rows_ = vector_rows;
  pending_filter_rows_ = filter_rows;
  return verdict;
}

Result<RuleVerdict> Engine::rule_holds(const Collection& c, const std::string& id, const CompiledSql& where) {
  PL_ASSIGN(Statement st,
            db_.prepare("SELECT EXISTS (SELECT 1 FROM " + quote_identifier(c.name) + " t0 WHERE t0.\"id\" = ?" +
                        std::to_string(where.params.size() + 1) + " AND (" + where.sql + "))"));
  st.bind_all(where.params);
  st.bind_text(static_cast<int>(where.params.size() + 1), id);
  PL_ASSIGN(bool row, st.step());
  return row && st.column_int(0) != 0 ? RuleVerdict::Allowed : RuleVerdict::Refused;
}

Status Engine::check_rule(const Collection& c, RuleOp op, const std::string& id, const Json& body) {
  PL_ASSIGN(RuleVerdict verdict, rule_verdict(c, op, id, body));
  if (verdict == RuleVerdict::Allowed || verdict == RuleVerdict::Unknown) return Ok{};
  // The server's answers: 403 where only superusers may; a refused create is a 400, a refused
  // update or delete a 404 (it does not tell a record the user may not change from a missing one).
  Error e = verdict == RuleVerdict::SuperusersOnly ? forbidden("Only superusers can perform this action.")
            : op == RuleOp::Create                 ? bad_request("rule_refused", "Failed to create record.")
                                                   : not_found("The requested resource wasn't found.");
  e.code = "rule_refused";
  e.data = Json{{"rule", rule_key(op)}};
  return e;
}

Result<std::string> Engine::can(std::string_view collection, RuleOp op, std::string_view id,
                                std::string_view body_json) {
  PL_ASSIGN(const Collection* c, find(collection));
  PL_ASSIGN(Json body, parse_json(body_json.empty() ? "{}" : body_json, "body"));
  if (!body.is_object()) return bad_request("invalid_argument", "the body must be a JSON object");
  PL_ASSIGN(Transaction tx, Transaction::begin(db_));
  PL_ASSIGN(RuleVerdict verdict, rule_verdict(*c, op, std::string(id), body));
  return (verdict == RuleVerdict::Unknown ? Json(nullptr) : Json(verdict == RuleVerdict::Allowed)).dump();
}

}  // namespace pocketlite
