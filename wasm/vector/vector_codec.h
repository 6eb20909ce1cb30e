// Vector fields: what a collection declares (dimension, metric, the encoding of text values) and
// decoding the wire forms a server may send: a JSON number array, or text holding base64 of
// float32, float16, or int8 codes with a per-vector scale (2–8× smaller than JSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_scan.h"
#include "core/result.h"

namespace pocketlite {

enum class VectorMetric { Cosine, Dot, L2 };

/// How a text (base64) value is laid out: f32 little-endian; f16; or i8 = an f32 scale, then one
/// signed byte per dimension (value = code × scale).
enum class VectorEncoding { F32, F16, I8 };

/// A declared vector field.
struct VectorSpec {
  std::string field;
  int dimension = 0;
  VectorMetric metric = VectorMetric::Cosine;
  VectorEncoding encoding = VectorEncoding::F32;
  bool keep_floats = true;  // resident "full": float32 in memory too; "quantized": read from SQLite
};

constexpr int kMaxVectorDimension = 4096;

/// Parses {dimension, metric: "cosine"|"dot"|"l2", encoding: "f32"|"f16"|"i8", resident:
/// "full"|"quantized"}; errors name the key.
Result<VectorSpec> parse_vector_spec(std::string field, std::string_view options_json);
Json vector_spec_json(const VectorSpec& spec);
const char* metric_name(VectorMetric metric);
const char* encoding_name(VectorEncoding encoding);
/// "f32", "f16" or "i8"; nullopt for anything else.
std::optional<VectorEncoding> parse_encoding(std::string_view name);

/// True for the values that mean "no vector": null, "", [].
bool is_empty_vector(const JsonSpan& value);

/// Decodes a JSON array or base64 text into `out` (spec.dimension floats). Errors (400,
/// validation_invalid_vector) say what is wrong: the count, the element that is not a finite
/// number, the byte that is not base64, the length the encoding needs.
Status decode_vector(const JsonSpan& value, const VectorSpec& spec, std::vector<float>& out);

/// The same for raw text: a JSON array ("[0.1, ...]") or base64 (used for query vectors).
Status decode_vector_text(std::string_view text, const VectorSpec& spec, std::vector<float>& out);

}  // namespace pocketlite
