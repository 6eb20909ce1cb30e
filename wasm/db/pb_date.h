// PocketBase datetime strings: "YYYY-MM-DD HH:MM:SS.sssZ", always UTC, millisecond precision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pocketlite {

/// Returns the PocketBase form of a date string: the PocketBase form itself, or RFC 3339
/// ("2024-05-01T10:00:00+02:00", optional fraction) converted to UTC. nullopt if unparseable.
std::optional<std::string> normalize_pb_date(std::string_view text);

/// Milliseconds since the Unix epoch as a PocketBase date string.
std::string format_pb_date(std::int64_t epoch_ms);

/// A UTC calendar date and time (month 1-12, weekday 0 = Sunday).
struct CivilTime {
  int year, month, day, hour, minute, second, millisecond, weekday;
};
CivilTime civil_time(std::int64_t epoch_ms);
/// Milliseconds since the epoch of midnight UTC on the given date (month 1-12; day may overflow).
std::int64_t epoch_ms_of_date(int year, int month, int day);

}  // namespace pocketlite
