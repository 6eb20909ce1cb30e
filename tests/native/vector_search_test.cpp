#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "test_support.h"
#include "vector/vector_store.h"

using namespace pocketlite;
using namespace pocketlite::test;

namespace {

constexpr int kDim = 24;

Json docs_collection() {
  return Json::parse(R"({"id": "pbc_docs", "name": "docs", "type": "base", "fields": [
    {"id": "f_id", "name": "id", "type": "text", "primaryKey": true},
    {"id": "f_group", "name": "group", "type": "number"},
    {"id": "f_vec", "name": "embedding", "type": "json"},
    {"id": "f_b64", "name": "packed", "type": "text"}]})");
}

class VectorSearchTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    engine = open_engine();
    apply_schema_ok(*engine, Json::array({docs_collection()}));
    expect_ok(engine->define_vectors("docs", R"({"field": "embedding", "dimension": 24})"));
  }
  std::vector<float> random_vector() {
    std::normal_distribution<float> normal(0, 1);
    std::vector<float> v(kDim);
    for (auto& x : v) x = normal(random);
    return v;
  }
  static std::string id(int i) {
    std::string s = std::to_string(i);
    return "doc" + std::string(12 - s.size(), '0') + s;
  }
  void put(int i, const std::vector<float>& v, int group) {
    Json record{{"id", id(i)}, {"group", group}, {"embedding", v}};
    expect_ok(engine->upsert("docs", record.dump(), ""));
    vectors[id(i)] = v;
    groups[id(i)] = group;
  }
  // Brute force cosine in double precision: the reference the engine must agree with.
  std::vector<std::string> brute_force(const std::vector<float>& q, std::size_t k, int only_group = -1) {
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& [name, v] : vectors) {
      if (only_group >= 0 && groups[name] != only_group) continue;
      double dot = 0, nq = 0, nv = 0;
      for (int i = 0; i < kDim; ++i) dot += q[i] * v[i], nq += q[i] * q[i], nv += v[i] * v[i];
      scored.emplace_back(-dot / std::sqrt(nq * nv), name);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < std::min(k, scored.size()); ++i) out.push_back(scored[i].second);
    return out;
  }
  std::vector<std::string> search(const std::vector<float>& q, const Json& options) {
    const std::string bytes(reinterpret_cast<const char*>(q.data()), q.size() * sizeof(float));
    const Json result = Json::parse(expect_ok(engine->vector_search("docs", options.dump(), bytes)));
    std::vector<std::string> out;
    for (const auto& item : result["items"]) out.push_back(item["id"].get<std::string>());
    return out;
  }
  std::mt19937 random{3};
  std::unique_ptr<Engine> engine;
  std::map<std::string, std::vector<float>> vectors;
  std::map<std::string, int> groups;
};

}  // namespace

TEST_F(VectorSearchTest, ExactSearchEqualsBruteForceAndFiltersBeforeScoring) {
  for (int i = 0; i < 300; ++i) put(i, random_vector(), i % 3);
  for (int round = 0; round < 10; ++round) {
    const auto q = random_vector();
    EXPECT_EQ(search(q, {{"k", 10}}), brute_force(q, 10));
    // Only group 1 may come back, and still k of them: the filter is not applied after the top k.
    const auto filtered = search(q, {{"k", 10}, {"filter", "group = 1"}});
    EXPECT_EQ(filtered, brute_force(q, 10, 1));
    for (const auto& name : filtered) EXPECT_EQ(groups[name], 1);
  }
  EXPECT_EQ(search(random_vector(), {{"k", 5}, {"filter", "group = 7"}}), std::vector<std::string>{});
}

TEST_F(VectorSearchTest, ApproximateModesRescoreToTheExactOrderOnTheirCandidates) {
  for (int i = 0; i < 400; ++i) put(i, random_vector(), 0);
  int overlap = 0;
  for (int round = 0; round < 20; ++round) {
    const auto q = random_vector();
    const auto exact = brute_force(q, 10);
    const auto fast = search(q, {{"k", 10}, {"mode", "fast"}});
    ASSERT_EQ(fast.size(), 10u);
    for (const auto& name : fast) overlap += std::count(exact.begin(), exact.end(), name) > 0;
    EXPECT_EQ(search(q, {{"k", 10}, {"mode", "binary"}, {"oversample", 40}}).size(), 10u);
    EXPECT_EQ(search(q, {{"k", 10}, {"mode", "int8"}, {"oversample", 40}}), exact);
    // With every vector a candidate, the rescored result is the exact one.
    EXPECT_EQ(search(q, {{"k", 10}, {"mode", "fast"}, {"oversample", 40}}), exact);
  }
  EXPECT_GE(overlap, 190);  // recall@10 ≥ 0.95 on random 24-d data
}

TEST_F(VectorSearchTest, WritesAndDeletesKeepTheIndexEqualToARebuild) {
  for (int i = 0; i < 50; ++i) put(i, random_vector(), i % 2);
  put(3, random_vector(), 1);                      // update
  expect_ok(engine->local_delete("docs", id(4)));  // local delete (queued for the server)
  vectors.erase(id(4));
  expect_ok(engine->apply_server_deletes("docs", Json::array({id(5)}).dump()));  // server delete
  vectors.erase(id(5));
  expect_ok(engine->upsert("docs", Json{{"id", id(6)}, {"group", 0}, {"embedding", nullptr}}.dump(), ""));
  vectors.erase(id(6));  // cleared: no vector any more
  const auto q = random_vector();
  EXPECT_EQ(search(q, {{"k", 50}}), brute_force(q, 50));
  const Json stats = Json::parse(expect_ok(engine->vector_stats("docs", "")));
  EXPECT_EQ(stats["count"], 47);
  // The whole footprint: resident arenas and the record's one stored copy, packed as float32
  // (the test's numbers are floats written as JSON): a width byte and 4 bytes a number.
  EXPECT_EQ(stats["storedBytesPerVector"]["record"], 1 + kDim * 4);
  EXPECT_FALSE(stats["storedBytesPerVector"].contains("sideTable"));
  EXPECT_DOUBLE_EQ(
      stats["totalBytesPerVector"].get<double>(),
      stats["residentBytesPerVector"].get<double>() + stats["storedBytesPerVector"]["record"].get<double>());
  const Json resident_only = Json::parse(expect_ok(engine->vector_stats("docs", R"({"stored": false})")));
  EXPECT_FALSE(resident_only.contains("storedBytesPerVector") || resident_only.contains("totalBytesPerVector"));
  EXPECT_EQ(resident_only["residentBytesPerVector"], stats["residentBytesPerVector"]);
  // A reopened engine builds the same index from the records' packed vectors.
  engine.reset();
  engine = open_engine();
  EXPECT_EQ(search(q, {{"k", 50}}), brute_force(q, 50));
}

TEST_F(VectorSearchTest, BadVectorsAreRefusedPerRecordAndTheRestApplies) {
  std::vector<float> good = random_vector();
  Json page = Json::array(
      {Json{{"id", id(1)}, {"embedding", good}}, Json{{"id", id(2)}, {"embedding", std::vector<float>(5, 1.0f)}},
       Json::parse(R"({"id": "doc000000000003", "embedding": [1, "x"]})"),
       Json{{"id", id(4)}, {"embedding", "not base64!"}}, Json{{"id", id(5)}, {"embedding", good}},
       Json::parse(R"({"id": "doc000000000006", "embedding": [0.5, 1e39]})")});  // past float's range (dumped as 1e+39)
  const Json result = Json::parse(expect_ok(engine->upsert("docs", page.dump(), "")));
  EXPECT_EQ(result["created"], 2);
  ASSERT_EQ(result["failed"].size(), 4u);
  EXPECT_EQ(result["failed"][1]["error"]["data"]["embedding"]["message"],
            "'embedding': element 1 is not a finite number (\"x\")");
  EXPECT_EQ(result["failed"][3]["error"]["data"]["embedding"]["message"],
            "'embedding': element 1 is not a finite number (1e+39)");
  EXPECT_EQ(result["failed"][0]["error"]["data"]["embedding"]["message"], "'embedding': expected 24 numbers, got 5");
  EXPECT_EQ(result["failed"][1]["error"]["data"]["embedding"]["code"], "validation_invalid_vector");
  EXPECT_NE(result["failed"][2]["error"]["data"]["embedding"]["message"].get<std::string>().find("base64"),
            std::string::npos);
  // A query of the wrong size is a clear error and the engine stays usable.
  const std::string short_query(8, '\0');
  EXPECT_NE(engine->vector_search("docs", "{}", short_query).error().message.find("has 2 dimensions"),
            std::string::npos);
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["count"], 2);
}

TEST_F(VectorSearchTest, CompactEncodingsDecodeToTheSameVectors) {
  expect_ok(engine->define_vectors("docs", R"({"field": "packed", "dimension": 4, "encoding": "i8"})"));
  // i8: an f32 scale (0.5), then one code per dimension: values 1, -1, 63.5, 0.
  const std::string i8 = "AAAAPwL+fwA=";
  expect_ok(engine->upsert("docs", Json{{"id", id(1)}, {"packed", i8}}.dump(), ""));
  const Json hits =
      Json::parse(expect_ok(engine->vector_search("docs", R"({"field": "packed", "vector": "[1, -1, 63.5, 0]"})", "")));
  ASSERT_EQ(hits["items"].size(), 1u);
  EXPECT_NEAR(hits["items"][0]["score"].get<double>(), 1.0, 1e-6);
  const Json short_one =
      Json::parse(expect_ok(engine->upsert("docs", Json{{"id", id(2)}, {"packed", "AAAAPwL+"}}.dump(), "")));
  EXPECT_EQ(short_one["failed"][0]["error"]["data"]["packed"]["message"],
            "'packed': i8 encoding of 4 dimensions needs 8 bytes, got 6");
  // f16: 1, -1, 63.5, 0 as half floats; redeclaring the field re-reads the stored values.
  expect_ok(engine->define_vectors("docs", R"({"field": "packed", "dimension": 4, "encoding": "f16"})"));
  expect_ok(engine->upsert("docs", Json{{"id", id(1)}, {"packed", "ADwAvPBTAAA="}}.dump(), ""));
  const Json again =
      Json::parse(expect_ok(engine->vector_search("docs", R"({"field": "packed", "vector": "[2, -2, 127, 0]"})", "")));
  EXPECT_NEAR(again["items"][0]["score"].get<double>(), 1.0, 1e-6);
}

TEST_F(VectorSearchTest, SimilarFindsNeighboursOfAStoredRecord) {
  for (int i = 0; i < 40; ++i) put(i, random_vector(), 0);
  const Json result = Json::parse(expect_ok(engine->similar("docs", Json{{"id", id(7)}, {"k", 5}}.dump())));
  auto expected = brute_force(vectors[id(7)], 6);
  expected.erase(expected.begin());  // the record itself is left out
  std::vector<std::string> got;
  for (const auto& item : result["items"]) got.push_back(item["id"]);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(engine->similar("docs", R"({"id": "nope"})").error().status, 404);
}

TEST_F(VectorSearchTest, AFilterSeesWritesCommittedSinceItsLastUse) {
  for (int i = 0; i < 20; ++i) put(i, random_vector(), 0);
  const auto q = vectors[id(3)];
  const Json options{{"k", 3}, {"filter", "group = 1"}};
  EXPECT_EQ(search(q, options), std::vector<std::string>{});
  put(3, q, 1);  // now it matches the filter (the cached bitmap must not hide it)
  EXPECT_EQ(search(q, options), std::vector<std::string>{id(3)});
  put(3, q, 0);
  EXPECT_EQ(search(q, options), std::vector<std::string>{});
}

TEST_F(VectorSearchTest, FiltersAreKeptWhileTheTablesTheyReadAreUnchanged) {
  Json notes = docs_collection();
  notes["id"] = "pbc_notes", notes["name"] = "notes";
  apply_schema_ok(*engine, Json::array({docs_collection(), notes}));
  for (int i = 0; i < 30; ++i) put(i, random_vector(), i % 3);
  const auto scans = [&] { return Json::parse(expect_ok(engine->vector_stats("docs", "")))["filterScans"].get<int>(); };
  const auto q = random_vector();
  const Json one{{"k", 5}, {"filter", "group = 1"}}, two{{"k", 5}, {"filter", "group = 2"}};
  const int before = scans();
  search(q, one);
  search(random_vector(), one);  // a new query under the same filter
  search(q, two);
  search(q, one);  // alternating filters
  EXPECT_EQ(scans(), before + 2);
  expect_ok(engine->upsert("notes", Json{{"id", "note00000000001"}, {"group", 1}}.dump(), ""));
  EXPECT_EQ(search(q, one), brute_force(q, 5, 1));  // a write to a collection it does not read
  EXPECT_EQ(scans(), before + 2);
  put(40, q, 1);  // a write to what it reads: its rows are re-checked, the filter not run again
  EXPECT_EQ(search(q, one), brute_force(q, 5, 1));
  EXPECT_EQ(search(q, one)[0], id(40));
  EXPECT_EQ(scans(), before + 2);
}

// A seeded random schedule of writes to the filtered collection (new records, new vectors, group
// changes alone, deletes, several in one transaction) between filtered searches: every answer must be the brute
// force's over the records as they are, and no write may make the engine run a filter again.
TEST_F(VectorSearchTest, AKeptFilterFollowsWritesToItsOwnCollection) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  random.seed(seed);
  std::uniform_int_distribution<int> pick(0, 79), group(0, 2), action(0, 9);
  for (int i = 0; i < 40; ++i) put(i, random_vector(), group(random));
  const auto scans = [&] { return Json::parse(expect_ok(engine->vector_stats("docs", "")))["filterScans"].get<int>(); };
  const Json one{{"k", 6}, {"filter", "group = 1"}}, two{{"k", 6}, {"filter", "group != 1"}};
  int fresh_filters = 0;
  const auto check = [&](int round) {
    const auto q = random_vector();
    ASSERT_EQ(search(q, one), brute_force(q, 6, 1)) << "round " << round;
    std::vector<std::string> others;
    for (const auto& name : brute_force(q, vectors.size()))
      if (groups[name] != 1 && others.size() < 6) others.push_back(name);
    ASSERT_EQ(search(q, two), others) << "round " << round;
    // The sign-bit stage reads the kept filter's packed codes: the same search under a filter
    // built afresh (another text, the same records) must answer the same.
    const Json kept{{"k", 6}, {"filter", "group = 1"}, {"mode", "binary"}, {"oversample", 1}};
    Json fresh = kept;
    fresh["filter"] = "group = 1 && id != \"r" + std::to_string(round) + "\"";
    ASSERT_EQ(search(q, kept), search(q, fresh)) << "round " << round;
    ++fresh_filters;
  };
  check(-1);
  const int before = scans() - fresh_filters;
  for (int round = 0; round < 200; ++round) {
    const int a = action(random), i = pick(random);
    if (a < 4) {
      put(i, random_vector(), group(random));
    } else if (a < 6 && vectors.count(id(i)) != 0) {
      put(i, vectors[id(i)], group(random));  // the group alone: the same vector, the same sign code
    } else if (a < 8 && vectors.count(id(i)) != 0) {
      expect_ok(engine->apply_server_deletes("docs", Json::array({id(i)}).dump()));
      vectors.erase(id(i)), groups.erase(id(i));
    } else {  // three records in one transaction
      Json batch = Json::array();
      for (int j = 0; j < 3; ++j) {
        const int n = (i + j * 17) % 80, g = group(random);
        const auto v = random_vector();
        batch.push_back({{"id", id(n)}, {"group", g}, {"embedding", v}});
        vectors[id(n)] = v, groups[id(n)] = g;
      }
      expect_ok(engine->upsert("docs", batch.dump(), ""));
    }
    if (round % 3 == 0) check(round);
  }
  EXPECT_EQ(scans(), before + fresh_filters);  // the kept ones never ran again
}

TEST_F(VectorSearchTest, AFilterViaARelationAppliesToTheRecordsItPointsTo) {
  Json chunks = docs_collection();
  chunks["id"] = "pbc_chunks", chunks["name"] = "chunks";
  chunks["fields"].push_back(
      {{"id", "f_doc"}, {"name", "doc"}, {"type", "relation"}, {"collectionId", "pbc_docs"}, {"maxSelect", 1}});
  apply_schema_ok(*engine, Json::array({docs_collection(), chunks}));
  expect_ok(engine->define_vectors("chunks", R"({"field": "embedding", "dimension": 24})"));
  for (int i = 0; i < 10; ++i) put(i, random_vector(), i % 2);  // docs: group 0 or 1
  std::map<std::string, std::vector<float>> in_group_one;
  for (int i = 0; i < 60; ++i) {
    const auto v = random_vector();
    const std::string chunk = "chk" + id(i).substr(3), doc = id(i % 10);
    expect_ok(engine->upsert("chunks", Json{{"id", chunk}, {"doc", doc}, {"embedding", v}}.dump(), ""));
    if (groups[doc] == 1) in_group_one[chunk] = v;
  }
  vectors = in_group_one;  // the brute force over the chunks whose doc is in group 1
  const auto q = random_vector();
  const std::string bytes(reinterpret_cast<const char*>(q.data()), q.size() * sizeof(float));
  const Json result = Json::parse(expect_ok(
      engine->vector_search("chunks", Json{{"k", 8}, {"filter", "group = 1"}, {"filterVia", "doc"}}.dump(), bytes)));
  std::vector<std::string> found;
  for (const auto& item : result["items"]) found.push_back(item["id"].get<std::string>());
  EXPECT_EQ(found, brute_force(q, 8));
  EXPECT_EQ(engine->vector_search("chunks", R"({"filter":"group = 1","filterVia":"embedding"})", bytes).error().code,
            "invalid_vectors");
}

TEST_F(VectorSearchTest, HitsCanLeaveTheirVectorOut) {
  for (int i = 0; i < 5; ++i) put(i, random_vector(), i);
  const auto q = random_vector();
  const std::string bytes(reinterpret_cast<const char*>(q.data()), q.size() * sizeof(float));
  const Json with = Json::parse(expect_ok(engine->vector_search("docs", R"({"k":2})", bytes)));
  const Json without = Json::parse(expect_ok(engine->vector_search("docs", R"({"k":2,"withVector":false})", bytes)));
  ASSERT_EQ(without["items"].size(), 2u);
  EXPECT_TRUE(with["items"][0]["record"].contains("embedding"));
  EXPECT_FALSE(without["items"][0]["record"].contains("embedding"));
  Json trimmed = with["items"][0]["record"];
  trimmed.erase("embedding");
  EXPECT_EQ(without["items"][0]["record"], trimmed);
  EXPECT_EQ(without["items"][0]["score"], with["items"][0]["score"]);
}

TEST_F(VectorSearchTest, AFunnelAsWideAsHalfTheCandidatesScoresThemAllExactly) {
  for (int i = 0; i < 300; ++i) put(i, random_vector(), i % 2);
  for (int round = 0; round < 5; ++round) {
    const auto q = random_vector();
    for (const char* mode : {"fast", "int8", "binary"}) {
      EXPECT_EQ(search(q, {{"k", 200}, {"mode", mode}}), brute_force(q, 200)) << mode;
      EXPECT_EQ(search(q, {{"k", 40}, {"mode", mode}, {"filter", "group = 1"}}), brute_force(q, 40, 1)) << mode;
    }
  }
}

TEST_F(VectorSearchTest, QuantizedResidencyReadsFloatsFromSQLiteWithTheSameAnswers) {
  for (int i = 0; i < 120; ++i) put(i, random_vector(), i % 2);
  expect_ok(engine->define_vectors("docs", R"({"field": "embedding", "dimension": 24, "resident": "quantized"})"));
  const Json stats = Json::parse(expect_ok(engine->vector_stats("docs", "")));
  EXPECT_EQ(stats["resident"], "quantized");
  EXPECT_LT(stats["residentBytesPerVector"].get<double>(), 24 * 4 + stats["fastBytesPerVector"].get<double>());
  for (int round = 0; round < 5; ++round) {
    const auto q = random_vector();
    EXPECT_EQ(search(q, {{"k", 10}, {"filter", "group = 1"}}), brute_force(q, 10, 1));
    EXPECT_EQ(search(q, {{"k", 10}, {"mode", "fast"}, {"oversample", 20}}), brute_force(q, 10));
  }
  put(200, random_vector(), 0);  // written after the index was built: read back from SQLite too
  const auto q = vectors[id(200)];
  EXPECT_EQ(search(q, {{"k", 1}}), std::vector<std::string>{id(200)});
  const Json related = Json::parse(expect_ok(engine->similar("docs", Json{{"id", id(200)}, {"k", 3}}.dump())));
  ASSERT_EQ(related["items"].size(), 3u);
  EXPECT_NE(related["items"][0]["id"], id(200));
  // Reads from SQLite leave no statement open: the field can be redeclared (its table dropped).
  expect_ok(engine->define_vectors("docs", R"({"field": "embedding", "dimension": 24})"));
  EXPECT_EQ(search(q, {{"k", 1}}), std::vector<std::string>{id(200)});
}

TEST_F(VectorSearchTest, RedeclaringAfterReopenKeepsTheIndexAndAChangedDeclarationRebuildsIt) {
  for (int i = 0; i < 30; ++i) put(i, random_vector(), i % 3);
  const auto q = random_vector();
  engine.reset();
  engine = open_engine();
  // What every app open does: the same declaration again (kept as it is, not rebuilt).
  expect_ok(engine->define_vectors("docs", R"({"field": "embedding", "dimension": 24})"));
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["count"], 30);
  EXPECT_EQ(search(q, {{"k", 30}}), brute_force(q, 30));
  put(40, random_vector(), 0);  // still maintained by writes
  EXPECT_EQ(search(q, {{"k", 31}}), brute_force(q, 31));
  // Another declaration (quantized residency) rebuilds, with the same answers.
  expect_ok(engine->define_vectors("docs", R"({"field": "embedding", "dimension": 24, "resident": "quantized"})"));
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["count"], 31);
  EXPECT_EQ(search(q, {{"k", 31}}), brute_force(q, 31));
}

// A declared json vector field is stored once, packed (no float32 side table): it reads back as
// the numbers written, filters and grouping on it answer as on an undeclared field, and float32 is
// used only where it is lossless.
TEST_F(VectorSearchTest, PackedVectorsReadBackAndFilterAsTheNumbersWritten) {
  Json plain = docs_collection();
  plain["id"] = "pbc_plain", plain["name"] = "plain";
  apply_schema_ok(*engine, Json::array({docs_collection(), plain}));
  Json precise = Json::array();  // OpenAI-style text: not float32 numbers
  for (int i = 0; i < kDim; ++i) precise.push_back(-0.0069754426 + i * 0.0131);
  std::vector<Json> records;
  for (int i = 0; i < 20; ++i) records.push_back(Json{{"id", id(i)}, {"group", i % 3}, {"embedding", random_vector()}});
  records.push_back(Json{{"id", id(20)}, {"group", 1}, {"embedding", precise}});
  records.push_back(Json{{"id", id(21)}, {"group", 2}, {"embedding", nullptr}});
  records.push_back(Json{{"id", id(22)}, {"group", 2}, {"embedding", Json::array()}});
  for (const auto& r : records) {
    expect_ok(engine->upsert("docs", r.dump(), ""));
    expect_ok(engine->upsert("plain", r.dump(), ""));
  }
  for (const auto& r : records)
    EXPECT_EQ(Json::parse(expect_ok(engine->get_one("docs", r["id"].get<std::string>())))["embedding"], r["embedding"]);
  for (const char* filter : {"embedding != null", "embedding = null", "embedding.0 > 0", "embedding.3 < -0.5",
                             "embedding ~ '0.0'", "embedding = '[]'", "embedding:length = 24"}) {
    const Json options{{"filter", filter}, {"sort", "id"}, {"all", true}};
    auto declared = engine->get_list("docs", options.dump());
    auto undeclared = engine->get_list("plain", options.dump());
    ASSERT_EQ(declared.ok(), undeclared.ok()) << filter;
    if (!declared.ok()) continue;
    Json a = Json::parse(declared.value())["items"], b = Json::parse(undeclared.value())["items"];
    for (auto* items : {&a, &b})
      for (auto& item : *items) item.erase("collectionId"), item.erase("collectionName");
    EXPECT_EQ(a, b) << filter;
  }
  // 21 vectors: 20 of float32 numbers (1 + 4 bytes a number) and one of float64 (1 + 8).
  const Json stats = Json::parse(expect_ok(engine->vector_stats("docs", "")));
  EXPECT_EQ(stats["count"], 21);
  EXPECT_DOUBLE_EQ(stats["storedBytesPerVector"]["record"].get<double>(), (20 * (1 + kDim * 4) + 1 + kDim * 8) / 21.0);
  // The float64 vector is searched as float32, like every other.
  std::vector<float> q(precise.begin(), precise.end());
  EXPECT_EQ(search(q, {{"k", 1}}).front(), id(20));
}

// Replicas written before packed storage kept a float32 side table with triggers on the
// collection's table, and the vector as JSON text. The first open drops them and packs the text.
TEST_F(VectorSearchTest, AnOpenUpgradesLegacySideTablesToPackedStorage) {
  for (int i = 0; i < 30; ++i) put(i, random_vector(), i % 2);
  engine.reset();
  {
    auto db = expect_ok(Database::open("test.db", nullptr));
    expect_ok(db.exec("PRAGMA locking_mode = EXCLUSIVE"));  // WAL without shared memory, as the engine opens it
    expect_ok(init_vector_store(db));
    expect_ok(db.exec("UPDATE docs SET embedding = pl_json(embedding)"));
    const std::string side = "_pl_vec_pbc_docs_embedding";
    expect_ok(db.exec("CREATE TABLE " + side + " (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, vec BLOB)"));
    expect_ok(db.exec("CREATE TRIGGER " + side + "_ai AFTER INSERT ON docs BEGIN INSERT INTO " + side +
                      " VALUES (new.rowid, new.id, NULL); END"));
  }
  engine = open_engine();
  const Json stats = Json::parse(expect_ok(engine->vector_stats("docs", "")));
  EXPECT_EQ(stats["storedBytesPerVector"]["record"], 1 + kDim * 4);  // packed again
  put(30, random_vector(), 0);                                       // the trigger on docs went with its table
  const auto q = random_vector();
  EXPECT_EQ(search(q, {{"k", 31}}), brute_force(q, 31));
  engine.reset();
  auto db = expect_ok(Database::open("test.db", nullptr));
  expect_ok(db.exec("PRAGMA locking_mode = EXCLUSIVE"));
  auto left = expect_ok(db.prepare("SELECT count(*) FROM sqlite_master WHERE name GLOB '_pl_vec_pbc_docs_embedding*'"));
  ASSERT_TRUE(expect_ok(left.step()));
  EXPECT_EQ(left.column_int(0), 0);
}

// A schema change that rebuilds the table copies packed vectors as they are; one that makes the
// field text converts them to JSON text, which the index still reads.
TEST_F(VectorSearchTest, SchemaChangesKeepPackedVectorsSearchable) {
  for (int i = 0; i < 30; ++i) put(i, random_vector(), i % 2);
  Json retyped = docs_collection();
  retyped["fields"][1]["type"] = "text";  // group: number → text rebuilds the table
  apply_schema_ok(*engine, Json::array({retyped}));
  const auto q = random_vector();
  EXPECT_EQ(search(q, {{"k", 30}}), brute_force(q, 30));
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["storedBytesPerVector"]["record"], 1 + kDim * 4);
  vectors[id(30)] = random_vector();  // still packed on write (group is text now)
  expect_ok(engine->upsert("docs", Json{{"id", id(30)}, {"group", "0"}, {"embedding", vectors[id(30)]}}.dump(), ""));
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["storedBytesPerVector"]["record"], 1 + kDim * 4);
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("docs", "")))["count"], 31);
  EXPECT_EQ(search(q, {{"k", 31}}), brute_force(q, 31));
  retyped["fields"][2]["type"] = "text";  // embedding: json → text
  apply_schema_ok(*engine, Json::array({retyped}));
  EXPECT_EQ(search(q, {{"k", 31}}), brute_force(q, 31));
  const Json one = Json::parse(expect_ok(engine->get_one("docs", id(7))));
  ASSERT_TRUE(one["embedding"].is_string());
  EXPECT_EQ(Json::parse(one["embedding"].get<std::string>()), Json(vectors[id(7)]));
}

// The index is keyed by the collection's id and follows writes by its table's name: after a
// rename, writes to the renamed table still reach it.
TEST_F(VectorSearchTest, ARenamedCollectionKeepsItsIndexCurrent) {
  for (int i = 0; i < 10; ++i) put(i, random_vector(), 0);
  Json renamed = docs_collection();
  renamed["name"] = "articles";
  apply_schema_ok(*engine, Json::array({renamed}));
  const auto v = random_vector();
  expect_ok(engine->upsert("articles", Json{{"id", id(10)}, {"group", 0}, {"embedding", v}}.dump(), ""));
  const std::string bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
  const Json hits = Json::parse(expect_ok(engine->vector_search("articles", R"({"k": 1})", bytes)));
  EXPECT_EQ(hits["items"][0]["id"], id(10));
  EXPECT_EQ(Json::parse(expect_ok(engine->vector_stats("articles", "")))["count"], 11);
}
