// How PocketBase casts a written value to its field's type before validating it: a number given
// to a text field is its text, "5" given to a number is 5, "true" or 1 given to a bool is true, a
// single value given to a multiple select is a list of one, null is the empty value. A local
// write casts the same way, so the replica stores (and sends) what the server would store.
#pragma once

#include "db/schema.h"

namespace pocketlite {

/// `value` cast to what field `f` holds, as PocketBase casts request values.
Json cast_written_value(const Field& f, const Json& value);

}  // namespace pocketlite
