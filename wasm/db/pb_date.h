// PocketBase datetime strings: "YYYY-MM-DD HH:MM:SS.sssZ", always UTC, millisecond precision.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pocketlite {

/// Returns the PocketBase form of a date string: the PocketBase form itself, or RFC 3339
/// ("2024-05-01T10:00:00+02:00", optional fraction) converted to UTC. nullopt if unparseable.
std::optional<std::string> normalize_pb_date(std::string_view text);

}  // namespace pocketlite
