#include "simd/column_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace pocketlite::simd;

// Every length 0..100 (every tail) at unaligned starts, with NaN and ±infinity among the values:
// the build's kernels (SSE2 natively, SIMD128 in wasm) against the scalar reference.
TEST(ColumnKernels, MatchTheReference) {
  std::mt19937 random(3);
  const double specials[] = {std::numeric_limits<double>::quiet_NaN(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::infinity(),
                             0.0,
                             -0.0,
                             5.0};
  for (std::size_t n = 0; n <= 100; ++n) {
    const std::size_t offset = n % 3;
    std::vector<double> values(n + offset);
    std::vector<std::uint32_t> codes(n + offset);
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = random() % 3 == 0 ? specials[random() % 6] : static_cast<double>(random() % 10);
      codes[i] = static_cast<std::uint32_t>(random() % 4);
    }
    for (auto op : {Compare::Eq, Compare::Ne, Compare::Lt, Compare::Le, Compare::Gt, Compare::Ge}) {
      std::vector<std::uint8_t> fast(n), slow(n);
      compare_f64(values.data() + offset, n, op, 5.0, fast.data());
      reference::compare_f64(values.data() + offset, n, op, 5.0, slow.data());
      ASSERT_EQ(fast, slow) << "n=" << n << " op=" << static_cast<int>(op);
    }
    for (bool equal : {true, false}) {
      std::vector<std::uint8_t> fast(n), slow(n);
      equal_u32(codes.data() + offset, n, 2, equal, fast.data());
      reference::equal_u32(codes.data() + offset, n, 2, equal, slow.data());
      ASSERT_EQ(fast, slow) << "n=" << n;
    }
    std::vector<std::uint8_t> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) a[i] = random() % 2, b[i] = random() % 2;
    auto both = a, either = a, both_ref = a, either_ref = a;
    and_mask(both.data(), b.data(), n), reference::and_mask(both_ref.data(), b.data(), n);
    or_mask(either.data(), b.data(), n), reference::or_mask(either_ref.data(), b.data(), n);
    ASSERT_EQ(both, both_ref);
    ASSERT_EQ(either, either_ref);
  }
}

TEST(ColumnKernels, NanFailsEveryComparisonButNotEqual) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values(16, nan);
  std::vector<std::uint8_t> out(16);
  for (auto op : {Compare::Eq, Compare::Lt, Compare::Le, Compare::Gt, Compare::Ge}) {
    compare_f64(values.data(), 16, op, 1.0, out.data());
    EXPECT_EQ(out, std::vector<std::uint8_t>(16, 0));
  }
  compare_f64(values.data(), 16, Compare::Ne, 1.0, out.data());
  EXPECT_EQ(out, std::vector<std::uint8_t>(16, 1));
}
