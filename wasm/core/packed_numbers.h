// Number arrays stored as BLOBs: one form byte, then the numbers in little-endian order. Declared
// vector fields keep their JSON arrays this way (db/field_codec.cpp): 4 bytes a number instead of
// ~10–20 of text, and one durable copy that the vector index reads without parsing. The JSON
// rendered back always holds the same JavaScript numbers the text did:
//   4  float32, rendered as the double it is: every number was exactly a float32 (Python's json
//      of numpy float32, as sentence-transformers writes);
//   5  float32, rendered as its shortest float32 text: every number's text was that (an
//      embeddings API printing float32, or values rounded to at most 6 significant digits);
//   8  float64 for anything else.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pocketlite {

/// Packs the text of a non-empty JSON array of finite numbers; nullopt for any other text.
std::optional<std::string> pack_numbers(std::string_view json_array);

/// How many numbers a packed array holds; nullopt when `blob` is not a packed array.
std::optional<std::size_t> packed_count(std::string_view blob);

/// Reads a packed array of exactly `n` numbers as float32; false when `blob` is not one.
bool unpack_floats(std::string_view blob, float* out, std::size_t n);

/// Appends a packed array as JSON text; false, appending nothing, when `blob` is not one.
bool append_packed_json(std::string& out, std::string_view blob);

}  // namespace pocketlite
