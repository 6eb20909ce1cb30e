// The wasm build's memcmp. musl's compares one byte per iteration, and SQLite's index
// maintenance spends much of its time there (string keys: ids, relations); this one compares
// 8 bytes at a time. Linked into the wasm module only: native libcs already have fast ones.
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" __attribute__((no_builtin("memcmp"))) int memcmp(const void* a, const void* b, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(a);
  const auto* q = static_cast<const unsigned char*>(b);
  while (n >= 8) {
    std::uint64_t x, y;
    __builtin_memcpy(&x, p, 8);
    __builtin_memcpy(&y, q, 8);
    if (x != y) break;  // the differing byte is within these 8
    p += 8, q += 8, n -= 8;
  }
  for (; n != 0; ++p, ++q, --n)
    if (*p != *q) return *p - *q;
  return 0;
}
