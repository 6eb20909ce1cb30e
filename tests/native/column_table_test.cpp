#include "analytics/column_table.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace pocketlite;

namespace {

ColumnTable sessions_table() {
  return ColumnTable({"created", "model", "tokens"}, {Column::Date, Column::Text, Column::Number});
}

std::vector<SqlValue> row(SqlValue created, SqlValue model, SqlValue tokens) {
  return {std::move(created), std::move(model), std::move(tokens)};
}

}  // namespace

TEST(ColumnTable, KeepsRowsDenseThroughUpsertsAndRemovals) {
  ColumnTable t = sessions_table();
  t.upsert(10, row(std::string("2026-03-01 10:00:00.000Z"), std::string("gpt"), 5.0));
  t.upsert(20, row(std::string(""), std::string("claude"), nullptr));
  t.upsert(30, row(nullptr, nullptr, 7.0));
  t.upsert(20, row(std::string(""), std::string("gpt"), 9.0));  // replaces in place
  ASSERT_EQ(t.rows(), 3u);
  t.remove(10);  // the last row moves into its place
  t.remove(99);  // not held: nothing happens
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_FALSE(t.row_of(10));
  const std::uint32_t moved = *t.row_of(30), kept = *t.row_of(20);
  EXPECT_EQ(moved, 0u);
  const Column& created = *t.column("created");
  const Column& model = *t.column("model");
  const Column& tokens = *t.column("tokens");
  EXPECT_TRUE(std::isnan(created.numbers[moved]));          // NULL
  EXPECT_TRUE(std::isinf(created.numbers[kept]));           // ""
  EXPECT_EQ(created.value(kept), SqlValue(std::string()));  // reads back as ""
  EXPECT_EQ(model.value(moved), SqlValue(nullptr));
  EXPECT_EQ(model.value(kept), SqlValue(std::string("gpt")));
  EXPECT_EQ(tokens.value(kept), SqlValue(9.0));
  EXPECT_EQ(t.column("nope"), nullptr);
  EXPECT_GT(t.bytes(), 0u);
}

TEST(ColumnTable, AColumnTurnsTextWhenAValueDoesNotFitItsKind) {
  ColumnTable t = sessions_table();
  t.upsert(1, row(std::string("2026-03-01 10:00:00.000Z"), std::string("a"), 1.0));
  t.upsert(2, row(std::string("2026-03-01T12:00:00+02:00"), std::string("b"), std::string("many")));
  const Column& created = *t.column("created");
  const Column& tokens = *t.column("tokens");
  ASSERT_EQ(created.kind, Column::Text);  // a date not in PocketBase's form must compare as its text
  ASSERT_EQ(tokens.kind, Column::Text);
  EXPECT_EQ(created.value(0), SqlValue(std::string("2026-03-01 10:00:00.000Z")));
  EXPECT_EQ(created.value(1), SqlValue(std::string("2026-03-01T12:00:00+02:00")));
  EXPECT_EQ(tokens.value(0), SqlValue(1.0));  // a number stays a number beside the text
  EXPECT_EQ(tokens.value(1), SqlValue(std::string("many")));
  EXPECT_TRUE(tokens.dictionary.has_numbers());
  // What a measure reads: the number, or a date's ms; never text.
  EXPECT_EQ(tokens.dictionary.at(tokens.codes[0]).number, 1.0);
  EXPECT_TRUE(std::isnan(tokens.dictionary.at(tokens.codes[1]).number));
  EXPECT_EQ(created.dictionary.at(created.codes[1]).number, 1772359200000.0);
}

TEST(ColumnTable, FindsRowsByRowidNearAndFar) {
  ColumnTable t({"n"}, {Column::Number});
  const std::int64_t rowids[] = {1, 2, 5000000000LL, 70000, 3, -7};
  for (std::int64_t r : rowids) t.upsert(r, {static_cast<double>(r)});
  for (int i = 100; i < 50000; ++i) t.upsert(i, {1.0});  // the array grows over the far rowid 70000
  for (std::int64_t r : rowids) {
    ASSERT_TRUE(t.row_of(r)) << r;
    EXPECT_EQ(t.column("n")->numbers[*t.row_of(r)], static_cast<double>(r)) << r;
  }
  t.remove(70000);
  t.remove(5000000000LL);
  EXPECT_FALSE(t.row_of(70000));
  EXPECT_FALSE(t.row_of(5000000000LL));
  EXPECT_EQ(t.column("n")->numbers[*t.row_of(-7)], -7.0);
  EXPECT_EQ(t.rows(), 4u + 49900u);
}
