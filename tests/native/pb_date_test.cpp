#include "db/pb_date.h"

#include <gtest/gtest.h>

using pocketlite::normalize_pb_date;

TEST(PbDate, KeepsPocketBaseFormat) {
  EXPECT_EQ(normalize_pb_date("2026-01-02 03:04:05.678Z"), "2026-01-02 03:04:05.678Z");
}

TEST(PbDate, ConvertsRfc3339ToUtcMilliseconds) {
  EXPECT_EQ(normalize_pb_date("2026-01-02T03:04:05Z"), "2026-01-02 03:04:05.000Z");
  EXPECT_EQ(normalize_pb_date("2026-01-02T03:04:05.1234567Z"), "2026-01-02 03:04:05.123Z");
  EXPECT_EQ(normalize_pb_date("2026-01-01T01:30:00+02:00"), "2025-12-31 23:30:00.000Z");
  EXPECT_EQ(normalize_pb_date("2024-02-28T23:00:00-01:30"), "2024-02-29 00:30:00.000Z");
}

TEST(PbDate, ReadsADateAloneAndATimeWithoutZoneAsUtc) {
  EXPECT_EQ(normalize_pb_date("2026-01-01"), "2026-01-01 00:00:00.000Z");
  EXPECT_EQ(normalize_pb_date("2026-01-01 10:20:30"), "2026-01-01 10:20:30.000Z");
  EXPECT_EQ(normalize_pb_date("2026-01-01T10:20:30.5"), "2026-01-01 10:20:30.500Z");
}

TEST(PbDate, RejectsMalformedDates) {
  for (const char* bad : {"", "2026-13-01 00:00:00Z", "2026-02-30 00:00:00Z", "2026-02-30", "2026-01-01 24:00:00Z",
                          "2026-01-01 00:00:00.Z", "2026-01-01 00:00:00Zjunk", "yesterday", "2026-01-01 "})
    EXPECT_FALSE(normalize_pb_date(bad).has_value()) << bad;
}
