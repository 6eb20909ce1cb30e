// The constraints a collection declares on its fields, checked on a local write exactly as
// PocketBase checks them on the server: the same rules, the same error codes on the same field,
// so a write the server would refuse is refused at once instead of failing later at sync.
// Values have passed the type checks of field_codec first. Patterns are not checked here (a
// regular-expression engine needs exceptions this core does not have): the server decides them.
#pragma once

#include "core/json_scan.h"
#include "db/schema.h"

namespace pocketlite {

/// Checks `value` (nullptr: absent) against `f`'s constraints; the first failure is put in
/// `errors[f.name]` as {code, message} with PocketBase's code.
void check_constraints(const Field& f, const JsonSpan* value, Json& errors);

}  // namespace pocketlite
