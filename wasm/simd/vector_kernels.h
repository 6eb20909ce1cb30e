// Vector similarity kernels, one header, three implementations: wasm SIMD128, SSE2 on x86-64
// (the native build), and the scalar reference that other builds use and the tests compare
// against. f32 kernels keep four accumulators so the adds pipeline; int8 dot products widen to
// i16 and use i32x4.dot_i16x8_s (pmaddwd natively); binary codes use popcount.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pocketlite::simd {

// The integer kernels are inlined into their scan loops: clang at -O3 left them as calls (one per
// vector scored), which cost more than their work. Forcing the float kernels in as well made the
// exact scan slower in V8 (bench/vector-filtered.ts), so they stay as the compiler chooses.
#define PL_KERNEL [[gnu::always_inline]] inline

/// Scalar references: the definitions the fast versions must match.
namespace reference {

inline float dot(const float* a, const float* b, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(sum);
}

inline float l2_squared(const float* a, const float* b, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
  return static_cast<float>(sum);
}

PL_KERNEL std::int32_t dot_i8(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += static_cast<std::int32_t>(a[i]) * b[i];
  return sum;
}

PL_KERNEL std::uint32_t hamming(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < words; ++i) bits += static_cast<std::uint32_t>(__builtin_popcountll(a[i] ^ b[i]));
  return bits;
}

inline float sum(const float* a, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += a[i];
  return static_cast<float>(s);
}

}  // namespace reference

#if defined(__wasm_simd128__)

inline float horizontal_sum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

/// a · b
inline float dot(const float* a, const float* b, std::size_t n) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(a + i + 8), wasm_v128_load(b + i + 8)));
    s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load(a + i + 12), wasm_v128_load(b + i + 12)));
  }
  for (; i + 4 <= n; i += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  float total = horizontal_sum(wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3)));
  for (; i < n; ++i) total += a[i] * b[i];
  return total;
}

/// |a - b|²
inline float l2_squared(const float* a, const float* b, std::size_t n) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const v128_t d0 = wasm_f32x4_sub(wasm_v128_load(a + i), wasm_v128_load(b + i));
    const v128_t d1 = wasm_f32x4_sub(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4));
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(d0, d0));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(d1, d1));
  }
  float total = horizontal_sum(wasm_f32x4_add(s0, s1));
  for (; i < n; ++i) total += (a[i] - b[i]) * (a[i] - b[i]);
  return total;
}

/// Σ a[i]·b[i] over int8 codes, exactly (no overflow below 131072 dimensions).
PL_KERNEL std::int32_t dot_i8(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  v128_t s0 = wasm_i32x4_splat(0), s1 = s0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t va = wasm_v128_load(a + i), vb = wasm_v128_load(b + i);
    s0 = wasm_i32x4_add(s0, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(va), wasm_i16x8_extend_low_i8x16(vb)));
    s1 = wasm_i32x4_add(s1, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(va), wasm_i16x8_extend_high_i8x16(vb)));
  }
  const v128_t s = wasm_i32x4_add(s0, s1);
  std::int32_t total = wasm_i32x4_extract_lane(s, 0) + wasm_i32x4_extract_lane(s, 1) + wasm_i32x4_extract_lane(s, 2) +
                       wasm_i32x4_extract_lane(s, 3);
  for (; i < n; ++i) total += static_cast<std::int32_t>(a[i]) * b[i];
  return total;
}

/// The number of differing bits between two sign codes. Scalar `i64.popcnt` per word: V8 maps it
/// to one instruction, and it measured faster than `i8x16.popcnt` with its widening adds.
PL_KERNEL std::uint32_t hamming(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  return reference::hamming(a, b, words);
}

/// Σ a[i]: reads the bytes the way a scan does, for the memory-bandwidth reference.
inline float sum(const float* a, std::size_t n) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = wasm_f32x4_add(s0, wasm_v128_load(a + i));
    s1 = wasm_f32x4_add(s1, wasm_v128_load(a + i + 4));
    s2 = wasm_f32x4_add(s2, wasm_v128_load(a + i + 8));
    s3 = wasm_f32x4_add(s3, wasm_v128_load(a + i + 12));
  }
  float total = horizontal_sum(wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3)));
  for (; i < n; ++i) total += a[i];
  return total;
}

#elif defined(__SSE2__)

inline float horizontal_sum(__m128 v) {
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

inline float dot(const float* a, const float* b, std::size_t n) {
  __m128 s0 = _mm_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
    s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4)));
    s2 = _mm_add_ps(s2, _mm_mul_ps(_mm_loadu_ps(a + i + 8), _mm_loadu_ps(b + i + 8)));
    s3 = _mm_add_ps(s3, _mm_mul_ps(_mm_loadu_ps(a + i + 12), _mm_loadu_ps(b + i + 12)));
  }
  for (; i + 4 <= n; i += 4) s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
  float total = horizontal_sum(_mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3)));
  for (; i < n; ++i) total += a[i] * b[i];
  return total;
}

inline float l2_squared(const float* a, const float* b, std::size_t n) {
  __m128 s0 = _mm_setzero_ps(), s1 = s0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128 d0 = _mm_sub_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i));
    const __m128 d1 = _mm_sub_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4));
    s0 = _mm_add_ps(s0, _mm_mul_ps(d0, d0));
    s1 = _mm_add_ps(s1, _mm_mul_ps(d1, d1));
  }
  float total = horizontal_sum(_mm_add_ps(s0, s1));
  for (; i < n; ++i) total += (a[i] - b[i]) * (a[i] - b[i]);
  return total;
}

PL_KERNEL std::int32_t dot_i8(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  __m128i s = _mm_setzero_si128();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i));
    // Sign-extend to i16 (unpack with itself, then arithmetic shift), multiply-add pairs to i32.
    const __m128i a_lo = _mm_srai_epi16(_mm_unpacklo_epi8(va, va), 8),
                  a_hi = _mm_srai_epi16(_mm_unpackhi_epi8(va, va), 8);
    const __m128i b_lo = _mm_srai_epi16(_mm_unpacklo_epi8(vb, vb), 8),
                  b_hi = _mm_srai_epi16(_mm_unpackhi_epi8(vb, vb), 8);
    s = _mm_add_epi32(s, _mm_add_epi32(_mm_madd_epi16(a_lo, b_lo), _mm_madd_epi16(a_hi, b_hi)));
  }
  alignas(16) std::int32_t lanes[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), s);
  std::int32_t total = lanes[0] + lanes[1] + lanes[2] + lanes[3];
  for (; i < n; ++i) total += static_cast<std::int32_t>(a[i]) * b[i];
  return total;
}

PL_KERNEL std::uint32_t hamming(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  return reference::hamming(a, b, words);  // popcnt per 64-bit word is already the native fast path
}

inline float sum(const float* a, std::size_t n) {
  __m128 s0 = _mm_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm_add_ps(s0, _mm_loadu_ps(a + i));
    s1 = _mm_add_ps(s1, _mm_loadu_ps(a + i + 4));
    s2 = _mm_add_ps(s2, _mm_loadu_ps(a + i + 8));
    s3 = _mm_add_ps(s3, _mm_loadu_ps(a + i + 12));
  }
  float total = horizontal_sum(_mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3)));
  for (; i < n; ++i) total += a[i];
  return total;
}

#else

inline float dot(const float* a, const float* b, std::size_t n) { return reference::dot(a, b, n); }
inline float l2_squared(const float* a, const float* b, std::size_t n) { return reference::l2_squared(a, b, n); }
PL_KERNEL std::int32_t dot_i8(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  return reference::dot_i8(a, b, n);
}
PL_KERNEL std::uint32_t hamming(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  return reference::hamming(a, b, words);
}
inline float sum(const float* a, std::size_t n) { return reference::sum(a, n); }

#endif

}  // namespace pocketlite::simd

#undef PL_KERNEL
