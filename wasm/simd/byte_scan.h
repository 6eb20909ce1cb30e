// Finding the first byte a JSON string scan must stop at ('"', '\\', a control character, or a
// non-ASCII byte), 16 bytes at a time. One kernel, three implementations: wasm SIMD128, SSE2 on
// x86-64, and the scalar reference every other build uses and the tests compare against.
#pragma once

#include <cstddef>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pocketlite::simd {

/// True for the bytes that end a run of plain string characters.
inline bool is_string_stop(unsigned char c) { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\'; }

/// The scalar reference: the first stop byte in [begin, end), or end.
inline const char* find_string_stop_scalar(const char* begin, const char* end) {
  while (begin < end && !is_string_stop(static_cast<unsigned char>(*begin))) ++begin;
  return begin;
}

/// The first stop byte in [begin, end), or end (the fastest implementation of this build).
inline const char* find_string_stop(const char* begin, const char* end) {
#if defined(__wasm_simd128__)
  const v128_t quote = wasm_i8x16_splat('"'), backslash = wasm_i8x16_splat('\\'), space = wasm_i8x16_splat(0x20);
  while (end - begin >= 16) {
    const v128_t bytes = wasm_v128_load(begin);
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches every non-ASCII byte.
    const v128_t stop = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(bytes, quote), wasm_i8x16_eq(bytes, backslash)),
                                     wasm_i8x16_lt(bytes, space));
    const unsigned mask = wasm_i8x16_bitmask(stop);
    if (mask != 0) return begin + __builtin_ctz(mask);
    begin += 16;
  }
#elif defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - begin >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin));
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                      _mm_cmplt_epi8(bytes, space));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (mask != 0) return begin + __builtin_ctz(mask);
    begin += 16;
  }
#endif
  return find_string_stop_scalar(begin, end);
}

}  // namespace pocketlite::simd
