#include "db/index_sql.h"

#include <gtest/gtest.h>

using pocketlite::parse_index_sql;

TEST(IndexSql, ParsesPocketBaseIndexStatements) {
  auto spec = parse_index_sql("CREATE UNIQUE INDEX `idx_a` ON `sessions` (`user`, `externalId` DESC)");
  ASSERT_TRUE(spec.ok());
  EXPECT_TRUE(spec.value().unique);
  EXPECT_EQ(spec.value().name, "idx_a");
  ASSERT_EQ(spec.value().columns.size(), 2u);
  EXPECT_EQ(spec.value().columns[1].name, "externalId");
  EXPECT_TRUE(spec.value().columns[1].descending);
}

TEST(IndexSql, AcceptsIfNotExistsCollationAndQuotes) {
  auto spec = parse_index_sql("create index if not exists \"i\" on t ([a b] collate nocase asc);");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec.value().columns[0].name, "a b");
  EXPECT_EQ(spec.value().columns[0].collate, "NOCASE");
}

TEST(IndexSql, KeepsPartialIndexesAsFullOnes) {
  auto spec = parse_index_sql("CREATE UNIQUE INDEX `idx_email` ON `users` (`email`) WHERE `email` != ''");
  ASSERT_TRUE(spec.ok());
  EXPECT_TRUE(spec.value().partial);
  EXPECT_EQ(spec.value().columns[0].name, "email");
}

TEST(IndexSql, RefusesWhatCannotBeRebuiltFromNames) {
  EXPECT_EQ(parse_index_sql("CREATE INDEX i ON t (lower(name))").error().code, "unsupported_index");
  EXPECT_FALSE(parse_index_sql("CREATE INDEX i ON t (a); DROP TABLE t").ok());
  EXPECT_FALSE(parse_index_sql("CREATE INDEX i ON t (a COLLATE evil)").ok());
  EXPECT_FALSE(parse_index_sql("").ok());
}
