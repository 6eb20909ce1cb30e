#include "sync/record_json.h"

#include "core/json_scan.h"
#include "db/pb_date.h"

namespace pocketlite {

Result<Json> read_record(SyncContext& ctx, const Collection& c, std::string_view id) {
  auto text = ctx.records.get_one(c, id);
  if (!text.ok()) {
    if (text.error().status == 404) return Json();
    return text.take_error();
  }
  Json out = Json::parse(text.value(), nullptr, false);
  if (out.is_discarded()) return internal_error("corrupt_record", "record " + std::string(id) + " is not valid JSON");
  return out;
}

Status write_record(SyncContext& ctx, const Collection& c, const Json& record, Validation level) {
  const std::string text = record.dump();
  JsonScanner scanner(text);
  std::vector<JsonMember> members;
  PL_TRY(scanner.object_members(members));
  PL_ASSIGN(Json ignored, ctx.records.upsert_record(c, members, level));
  (void)ignored;
  return Ok{};
}

Result<std::vector<std::pair<std::string, std::string>>> delete_cascading(SyncContext& ctx, const Collection& c,
                                                                          std::string_view id) {
  std::vector<std::pair<std::string, std::string>> removed;
  PL_ASSIGN(bool existed, ctx.records.remove(c, id));
  if (!existed) return removed;
  removed.emplace_back(c.name, std::string(id));
  for (const auto& [name, child] : ctx.collections)
    for (const auto& f : child.fields) {
      if (f.type != FieldType::Relation || f.multi || !f.cascade_delete || !c.has_id(f.collection_id)) continue;
      PL_ASSIGN(Statement st, ctx.db.prepare("SELECT \"id\" FROM " + quote_identifier(child.name) + " WHERE " +
                                             quote_identifier(f.name) + " = ?1"));
      st.bind_text(1, id);
      std::vector<std::string> ids;
      for (;;) {
        PL_ASSIGN(bool row, st.step());
        if (!row) break;
        ids.emplace_back(st.column_text(0));
      }
      for (const auto& child_id : ids) {
        PL_ASSIGN(auto more, delete_cascading(ctx, child, child_id));
        removed.insert(removed.end(), more.begin(), more.end());
      }
    }
  return removed;
}

std::string date_of(const Json& record, const char* field) {
  auto it = record.find(field);
  if (it == record.end() || !it->is_string()) return "";
  return normalize_pb_date(it->get<std::string>()).value_or("");
}

}  // namespace pocketlite
