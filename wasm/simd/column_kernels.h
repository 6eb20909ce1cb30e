// Column scan kernels for the analytics column store, one header, three implementations: wasm
// SIMD128, SSE2 on x86-64 (the native build), and the scalar reference the others must match.
// Each writes one byte per row (1 = the row passes), sixteen rows per step; NaN (a missing
// number) fails every comparison except !=, as NULL does in SQLite's `IS NOT`.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pocketlite::simd {

enum class Compare { Eq, Ne, Lt, Le, Gt, Ge };

namespace reference {

inline void compare_f64(const double* v, std::size_t n, Compare op, double x, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) {
    const double a = v[i];
    bool pass = false;
    switch (op) {
      case Compare::Eq:
        pass = a == x;
        break;
      case Compare::Ne:
        pass = !(a == x);
        break;
      case Compare::Lt:
        pass = a < x;
        break;
      case Compare::Le:
        pass = a <= x;
        break;
      case Compare::Gt:
        pass = a > x;
        break;
      case Compare::Ge:
        pass = a >= x;
        break;
    }
    out[i] = pass ? 1 : 0;
  }
}

inline void equal_u32(const std::uint32_t* v, std::size_t n, std::uint32_t x, bool equal, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) out[i] = (v[i] == x) == equal ? 1 : 0;
}

inline void and_mask(std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] &= b[i];
}

inline void or_mask(std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] |= b[i];
}

}  // namespace reference

#if defined(__wasm_simd128__)

namespace detail {
using Vec = v128_t;
inline Vec cmp_f64(Vec a, Vec x, Compare op) {
  switch (op) {
    case Compare::Eq:
      return wasm_f64x2_eq(a, x);
    case Compare::Ne:
      return wasm_f64x2_ne(a, x);
    case Compare::Lt:
      return wasm_f64x2_lt(a, x);
    case Compare::Le:
      return wasm_f64x2_le(a, x);
    case Compare::Gt:
      return wasm_f64x2_gt(a, x);
    default:
      return wasm_f64x2_ge(a, x);
  }
}
inline Vec load(const void* p) { return wasm_v128_load(p); }
inline void store(void* p, Vec v) { wasm_v128_store(p, v); }
inline Vec splat_f64(double x) { return wasm_f64x2_splat(x); }
// Two 2×64-bit masks as four 32-bit lanes (each 64-bit lane's low half).
inline Vec pack64(Vec a, Vec b) { return wasm_i32x4_shuffle(a, b, 0, 2, 4, 6); }
inline Vec pack32(Vec a, Vec b) { return wasm_i16x8_narrow_i32x4(a, b); }
inline Vec pack16(Vec a, Vec b) { return wasm_i8x16_narrow_i16x8(a, b); }
inline Vec ones() { return wasm_i8x16_splat(1); }
inline Vec bit_and(Vec a, Vec b) { return wasm_v128_and(a, b); }
inline Vec bit_or(Vec a, Vec b) { return wasm_v128_or(a, b); }
inline Vec eq_u32(Vec a, Vec x) { return wasm_i32x4_eq(a, x); }
inline Vec splat_u32(std::uint32_t x) { return wasm_i32x4_splat(static_cast<int>(x)); }
inline Vec bit_not(Vec a) { return wasm_v128_not(a); }
}  // namespace detail
#define POCKETLITE_COLUMN_SIMD 1

#elif defined(__SSE2__)

namespace detail {
using Vec = __m128i;
inline Vec cmp_f64(Vec a, Vec x, Compare op) {
  const __m128d l = _mm_castsi128_pd(a), r = _mm_castsi128_pd(x);
  switch (op) {
    case Compare::Eq:
      return _mm_castpd_si128(_mm_cmpeq_pd(l, r));
    case Compare::Ne:
      return _mm_castpd_si128(_mm_cmpneq_pd(l, r));
    case Compare::Lt:
      return _mm_castpd_si128(_mm_cmplt_pd(l, r));
    case Compare::Le:
      return _mm_castpd_si128(_mm_cmple_pd(l, r));
    case Compare::Gt:
      return _mm_castpd_si128(_mm_cmpgt_pd(l, r));
    default:
      return _mm_castpd_si128(_mm_cmpge_pd(l, r));
  }
}
inline Vec load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
inline void store(void* p, Vec v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
inline Vec splat_f64(double x) { return _mm_castpd_si128(_mm_set1_pd(x)); }
inline Vec pack64(Vec a, Vec b) {
  return _mm_unpacklo_epi64(_mm_shuffle_epi32(a, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm_shuffle_epi32(b, _MM_SHUFFLE(2, 0, 2, 0)));
}
inline Vec pack32(Vec a, Vec b) { return _mm_packs_epi32(a, b); }
inline Vec pack16(Vec a, Vec b) { return _mm_packs_epi16(a, b); }
inline Vec ones() { return _mm_set1_epi8(1); }
inline Vec bit_and(Vec a, Vec b) { return _mm_and_si128(a, b); }
inline Vec bit_or(Vec a, Vec b) { return _mm_or_si128(a, b); }
inline Vec eq_u32(Vec a, Vec x) { return _mm_cmpeq_epi32(a, x); }
inline Vec splat_u32(std::uint32_t x) { return _mm_set1_epi32(static_cast<int>(x)); }
inline Vec bit_not(Vec a) { return _mm_xor_si128(a, _mm_set1_epi32(-1)); }
}  // namespace detail
#define POCKETLITE_COLUMN_SIMD 1

#endif

#if defined(POCKETLITE_COLUMN_SIMD)

/// out[i] = v[i] op x, sixteen doubles per step.
inline void compare_f64(const double* v, std::size_t n, Compare op, double x, std::uint8_t* out) {
  using namespace detail;
  const Vec splat = splat_f64(x);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    Vec m[8];
    for (int k = 0; k < 8; ++k) m[k] = cmp_f64(load(v + i + 2 * k), splat, op);
    const Vec lo = pack32(pack64(m[0], m[1]), pack64(m[2], m[3]));
    const Vec hi = pack32(pack64(m[4], m[5]), pack64(m[6], m[7]));
    store(out + i, bit_and(pack16(lo, hi), ones()));
  }
  reference::compare_f64(v + i, n - i, op, x, out + i);
}

/// out[i] = (v[i] == x) == equal, sixteen codes per step.
inline void equal_u32(const std::uint32_t* v, std::size_t n, std::uint32_t x, bool equal, std::uint8_t* out) {
  using namespace detail;
  const Vec splat = splat_u32(x);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const Vec lo = pack32(eq_u32(load(v + i), splat), eq_u32(load(v + i + 4), splat));
    const Vec hi = pack32(eq_u32(load(v + i + 8), splat), eq_u32(load(v + i + 12), splat));
    const Vec m = pack16(lo, hi);
    store(out + i, bit_and(equal ? m : bit_not(m), ones()));
  }
  reference::equal_u32(v + i, n - i, x, equal, out + i);
}

/// a[i] &= b[i]
inline void and_mask(std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  using namespace detail;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) store(a + i, bit_and(load(a + i), load(b + i)));
  reference::and_mask(a + i, b + i, n - i);
}

/// a[i] |= b[i]
inline void or_mask(std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  using namespace detail;
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) store(a + i, bit_or(load(a + i), load(b + i)));
  reference::or_mask(a + i, b + i, n - i);
}

#else

using reference::and_mask;
using reference::compare_f64;
using reference::equal_u32;
using reference::or_mask;

#endif

}  // namespace pocketlite::simd
