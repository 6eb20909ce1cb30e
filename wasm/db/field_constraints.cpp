#include "db/field_constraints.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/number_parse.h"
#include "db/pb_date.h"

namespace pocketlite {
namespace {

constexpr std::size_t kDefaultTextMax = 5000;          // PocketBase's text limit when max is 0
constexpr std::int64_t kDefaultJsonMax = 1024 * 1024;  // and its json size limit when maxSize is 0

// The message names the field: it also becomes the message of the write's error.
void fail(Json& errors, const Field& f, const char* code, const std::string& message) {
  errors[f.name] = Json{{"code", code}, {"message", "'" + f.name + "': " + message}};
}

std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An address "local@domain.tld": one @, no spaces, a dot in the domain that is not at its edges.
bool is_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return false;
  if (s.find_first_of(" \t\r\n<>()[],;:\\\"") != std::string_view::npos) return false;
  const std::string_view domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && domain.back() != '.' && domain.front() != '.';
}

// The host of "scheme://host[:port][/…]", or "" when `s` is not such a URL.
std::string url_host(std::string_view s) {
  const auto scheme = s.find("://");
  if (scheme == std::string_view::npos || scheme == 0 || s.find_first_of(" \t\r\n<>\"") != std::string_view::npos)
    return "";
  for (char c : s.substr(0, scheme))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return "";
  std::string_view rest = s.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(':'));
  return rest.find('.') == std::string_view::npos && rest != "localhost" ? "" : lower(rest);
}

bool domain_allowed(const Field& f, const std::string& domain) {
  auto listed = [&](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& d) { return lower(d) == domain; });
  };
  if (!f.only_domains.empty() && !listed(f.only_domains)) return false;
  return !listed(f.except_domains);
}

std::string text_of(const JsonSpan* v) {
  if (v == nullptr || v->kind != JsonSpan::String) return "";
  return v->escaped ? decode_json_string(*v) : std::string(v->inner());
}

void check_text(const Field& f, const JsonSpan* v, Json& errors) {
  const std::string text = text_of(v);
  if (text.empty()) {
    if (f.required) fail(errors, f, "validation_required", "Cannot be blank.");
    return;
  }
  const std::size_t length = characters(text);
  if (f.type == FieldType::Text) {
    const auto max = f.max && *f.max > 0 ? static_cast<std::size_t>(*f.max) : kDefaultTextMax;
    if (f.min && length < static_cast<std::size_t>(*f.min))
      return fail(errors, f, "validation_min_text_constraint",
                  "Must be at least " + std::to_string(static_cast<int>(*f.min)) + " character(s).");
    if (length > max)
      return fail(errors, f, "validation_max_text_constraint",
                  "Must be less than " + std::to_string(max) + " character(s).");
  }
  if (f.type == FieldType::Email) {
    if (!is_email(text)) return fail(errors, f, "validation_is_email", "Must be a valid email address.");
    if (!domain_allowed(f, lower(text.substr(text.find('@') + 1))))
      return fail(errors, f, "validation_email_domain_not_allowed", "Email domain is not allowed.");
  }
  if (f.type == FieldType::Url) {
    const std::string host = url_host(text);
    if (host.empty()) return fail(errors, f, "validation_invalid_url", "Must be a valid url.");
    if (!domain_allowed(f, host))
      return fail(errors, f, "validation_url_domain_not_allowed", "Url domain is not allowed.");
  }
  if (f.type == FieldType::Date) {
    const std::string date = normalize_pb_date(text).value_or(text);
    if (!f.date_min.empty() && date < normalize_pb_date(f.date_min).value_or(f.date_min))
      return fail(errors, f, "validation_min_greater_equal_than_required", "Must be no less than " + f.date_min + ".");
    if (!f.date_max.empty() && date > normalize_pb_date(f.date_max).value_or(f.date_max))
      return fail(errors, f, "validation_max_less_equal_than_required", "Must be no greater than " + f.date_max + ".");
  }
  if (f.type == FieldType::Select && !f.values.empty() &&
      std::find(f.values.begin(), f.values.end(), text) == f.values.end())
    return fail(errors, f, "validation_invalid_value", "Invalid value " + text + ".");
}

void check_number(const Field& f, const JsonSpan* v, Json& errors) {
  const double d = v != nullptr && v->kind == JsonSpan::Number ? parse_number(v->raw).value_or(0) : 0;
  if (d == 0) {
    if (f.required) fail(errors, f, "validation_required", "Cannot be blank.");
    return;
  }
  if (f.only_int && d != std::trunc(d))
    return fail(errors, f, "validation_only_int_constraint", "Cannot be a decimal number.");
  if (f.min && d < *f.min)
    return fail(errors, f, "validation_min_number_constraint", "Must be larger than the minimum.");
  if (f.max && d > *f.max) return fail(errors, f, "validation_max_number_constraint", "Must be less than the maximum.");
}

// Multiple selects and relations: every value allowed, no more than maxSelect of them.
void check_list(const Field& f, const JsonSpan* v, Json& errors) {
  std::vector<std::string> values;
  if (v != nullptr && v->kind == JsonSpan::Array)
    (void)for_each_element(*v, [&](const JsonSpan& item) -> Status {
      values.push_back(text_of(&item));
      return Ok{};
    });
  if (values.empty()) {
    if (f.required) fail(errors, f, "validation_required", "Cannot be blank.");
    return;
  }
  if (f.type == FieldType::Select && !f.values.empty())
    for (const auto& value : values)
      if (std::find(f.values.begin(), f.values.end(), value) == f.values.end())
        return fail(errors, f, "validation_invalid_value", "Invalid value " + value + ".");
  if (values.size() > static_cast<std::size_t>(f.max_select))
    fail(errors, f, "validation_too_many_values", "Select no more than " + std::to_string(f.max_select) + ".");
}

void check_json(const Field& f, const JsonSpan* v, Json& errors) {
  const std::string_view raw = v == nullptr ? std::string_view("null") : v->raw;
  if (raw == "null" || raw == "\"\"" || raw == "[]" || raw == "{}") {
    if (f.required) fail(errors, f, "validation_required", "Cannot be blank.");
    return;
  }
  const std::int64_t max = f.max_size > 0 ? f.max_size : kDefaultJsonMax;
  if (static_cast<std::int64_t>(raw.size()) > max)
    fail(errors, f, "validation_json_size_limit",
         "The maximum allowed JSON size is " + std::to_string(max) + " bytes.");
}

void check_bool(const Field& f, const JsonSpan* v, Json& errors) {
  if (f.required && (v == nullptr || v->kind != JsonSpan::True))
    fail(errors, f, "validation_required", "Cannot be blank.");
}

}  // namespace

void check_constraints(const Field& f, const JsonSpan* value, Json& errors) {
  switch (f.type) {
    case FieldType::Number:
      return check_number(f, value, errors);
    case FieldType::Bool:
      return check_bool(f, value, errors);
    case FieldType::JsonValue:
      return check_json(f, value, errors);
    case FieldType::Select:
    case FieldType::Relation:
      return f.multi ? check_list(f, value, errors) : check_text(f, value, errors);
    case FieldType::Text:
    case FieldType::Editor:
    case FieldType::Email:
    case FieldType::Url:
    case FieldType::Date:
      return check_text(f, value, errors);
    default:
      return;  // autodate, file, geoPoint, password: nothing a local write sets or checks
  }
}

}  // namespace pocketlite
