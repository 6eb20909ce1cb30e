#include "db/field_cast.h"

#include <cmath>
#include <cstdlib>

namespace pocketlite {
namespace {

// Go's strconv.FormatFloat(x, 'f', -1, 64) for the values that matter: integers without a
// fraction, others in their shortest form.
std::string number_text(double x) {
  if (std::trunc(x) == x && std::abs(x) < 1e15) return std::to_string(static_cast<std::int64_t>(x));
  return Json(x).dump();
}

std::string as_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return number_text(v.get<double>());
  return "";  // null, arrays and objects: the empty value
}

double as_number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  if (!v.is_string()) return 0;
  const std::string text = v.get<std::string>();
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(d) ? d : 0;
}

// Go's strconv.ParseBool: 1, t, T, TRUE, true, True; numbers are true when not zero.
bool as_bool(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  return s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True";
}

Json as_list(const Json& v) {
  Json out = Json::array();
  if (v.is_array()) {
    for (const auto& item : v)
      if (!as_text(item).empty()) out.push_back(as_text(item));
  } else if (!as_text(v).empty()) {
    out.push_back(as_text(v));
  }
  return out;
}

}  // namespace

Json cast_written_value(const Field& f, const Json& value) {
  switch (f.type) {
    case FieldType::Number: {
      const double d = as_number(value);
      return std::trunc(d) == d && std::abs(d) < 9007199254740992.0 ? Json(static_cast<std::int64_t>(d)) : Json(d);
    }
    case FieldType::Bool:
      return as_bool(value);
    case FieldType::JsonValue:
    case FieldType::GeoPoint:
    case FieldType::File:
    case FieldType::Password:
      return value;
    case FieldType::Select:
    case FieldType::Relation:
      if (f.multi) return as_list(value);
      return value.is_array() ? (value.empty() ? Json("") : Json(as_text(value.back()))) : Json(as_text(value));
    case FieldType::Date:
      return value.is_number() && value.get<double>() == 0 ? Json("") : Json(as_text(value));
    default:
      return as_text(value);
  }
}

}  // namespace pocketlite
