#include "simd/vector_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace pocketlite::simd;

namespace {

// Every dimension 1..2048 (so every tail length), at unaligned offsets, random and zero inputs:
// the build's kernels (SSE2 natively, SIMD128 in wasm) against the scalar reference.
class VectorKernels : public ::testing::Test {
 protected:
  std::mt19937 random{11};
  std::vector<float> floats(std::size_t n, bool zero = false) {
    std::normal_distribution<float> normal(0, 1);
    std::vector<float> v(n + 3);
    for (auto& x : v) x = zero ? 0 : normal(random);
    return v;
  }
};

}  // namespace

TEST_F(VectorKernels, FloatKernelsMatchTheReference) {
  for (std::size_t n = 1; n <= 2048; ++n) {
    const std::size_t offset = n % 4;  // unaligned starts
    const auto a = floats(n), b = floats(n, n % 97 == 0);
    const float* pa = a.data() + offset;
    const float* pb = b.data() + (3 - offset);
    const float tolerance = 1e-4f * std::sqrt(static_cast<float>(n)) + 1e-5f;
    ASSERT_NEAR(dot(pa, pb, n), reference::dot(pa, pb, n), tolerance) << n;
    ASSERT_NEAR(l2_squared(pa, pb, n), reference::l2_squared(pa, pb, n), tolerance * 4) << n;
    ASSERT_NEAR(sum(pa, n), reference::sum(pa, n), tolerance) << n;
  }
}

TEST_F(VectorKernels, Int8DotIsExact) {
  std::uniform_int_distribution<int> code(-128, 127);
  for (std::size_t n = 1; n <= 2048; ++n) {
    std::vector<std::int8_t> a(n + 1), b(n + 1);
    for (auto& x : a) x = static_cast<std::int8_t>(code(random));
    for (auto& x : b) x = n % 89 == 0 ? 0 : static_cast<std::int8_t>(code(random));
    ASSERT_EQ(dot_i8(a.data() + 1, b.data(), n), reference::dot_i8(a.data() + 1, b.data(), n)) << n;
  }
  std::vector<std::int8_t> extreme(2048, -128);  // the largest magnitudes do not overflow
  EXPECT_EQ(dot_i8(extreme.data(), extreme.data(), 2048), 2048 * 128 * 128);
}

TEST_F(VectorKernels, HammingCountsDifferingBits) {
  for (std::size_t words = 1; words <= 32; ++words) {
    std::vector<std::uint64_t> a(words), b(words);
    for (auto& x : a) x = (static_cast<std::uint64_t>(random()) << 32) | random();
    for (auto& x : b) x = (static_cast<std::uint64_t>(random()) << 32) | random();
    ASSERT_EQ(hamming(a.data(), b.data(), words), reference::hamming(a.data(), b.data(), words)) << words;
    ASSERT_EQ(hamming(a.data(), a.data(), words), 0u);
  }
  // Every bit differing, past the 62 words after which the wasm version widens its byte counts.
  for (std::size_t words : {61, 62, 63, 64, 124, 125, 200}) {
    std::vector<std::uint64_t> zeros(words, 0), ones(words, ~std::uint64_t{0});
    ASSERT_EQ(hamming(zeros.data(), ones.data(), words), 64 * words) << words;
  }
}
