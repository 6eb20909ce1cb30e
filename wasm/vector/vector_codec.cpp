#include "vector/vector_codec.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/number_parse.h"
#include "core/options.h"

namespace pocketlite {
namespace {

Error invalid(const VectorSpec& spec, const std::string& message) {
  Error e = bad_request("validation_invalid_vector", "'" + spec.field + "': " + message);
  return e;
}

bool separator(char c) { return c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Each element is read where it starts; the number reader finds its end, so the text is walked once.
Status decode_json_array(std::string_view raw, const VectorSpec& spec, std::vector<float>& out) {
  out.clear();
  std::size_t i = 1;  // past '['
  while (i < raw.size()) {
    while (i < raw.size() && separator(raw[i])) ++i;
    if (i >= raw.size() || raw[i] == ']') break;
    double value = 0;
    const std::size_t length = parse_number_prefix(raw.substr(i), value);
    const std::size_t end = i + length;
    if (length == 0 || (end < raw.size() && !separator(raw[end]) && raw[end] != ']') || !std::isfinite(value) ||
        !std::isfinite(static_cast<float>(value))) {
      const std::size_t stop = raw.find_first_of(", ]\n\t\r", i);
      return invalid(spec, "element " + std::to_string(out.size()) + " is not a finite number (" +
                               std::string(raw.substr(i, std::min<std::size_t>(stop - i, 20))) + ")");
    }
    if (static_cast<int>(out.size()) == spec.dimension)
      return invalid(spec, "expected " + std::to_string(spec.dimension) + " numbers, got more");
    out.push_back(static_cast<float>(value));
    i = end;
  }
  if (static_cast<int>(out.size()) != spec.dimension)
    return invalid(spec, "expected " + std::to_string(spec.dimension) + " numbers, got " + std::to_string(out.size()));
  return Ok{};
}

// Standard and URL-safe base64 alphabets; -1 for anything else.
struct Base64Table {
  std::int8_t value[256];
  constexpr Base64Table() : value() {
    for (auto& v : value) v = -1;
    for (int i = 0; i < 26; ++i)
      value['A' + i] = static_cast<std::int8_t>(i), value['a' + i] = static_cast<std::int8_t>(26 + i);
    for (int i = 0; i < 10; ++i) value['0' + i] = static_cast<std::int8_t>(52 + i);
    value[int{'+'}] = value[int{'-'}] = 62;
    value[int{'/'}] = value[int{'_'}] = 63;
  }
};
constexpr Base64Table kBase64;

Status decode_base64(std::string_view text, const VectorSpec& spec, std::vector<std::uint8_t>& out) {
  std::size_t length = text.size();
  while (length > 0 && text[length - 1] == '=') --length;
  out.resize(length * 3 / 4);
  std::uint8_t* o = out.data();
  auto bad = [&](std::size_t at) { return invalid(spec, "not valid base64 at character " + std::to_string(at)); };
  std::size_t i = 0;
  for (; i + 4 <= length; i += 4) {  // four characters make three bytes
    const int a = kBase64.value[static_cast<unsigned char>(text[i])],
              b = kBase64.value[static_cast<unsigned char>(text[i + 1])];
    const int c = kBase64.value[static_cast<unsigned char>(text[i + 2])],
              d = kBase64.value[static_cast<unsigned char>(text[i + 3])];
    if ((a | b | c | d) < 0) {
      for (std::size_t k = i;; ++k)
        if (kBase64.value[static_cast<unsigned char>(text[k])] < 0) return bad(k);
    }
    const std::uint32_t v = static_cast<std::uint32_t>(a) << 18 | static_cast<std::uint32_t>(b) << 12 |
                            static_cast<std::uint32_t>(c) << 6 | static_cast<std::uint32_t>(d);
    *o++ = static_cast<std::uint8_t>(v >> 16), *o++ = static_cast<std::uint8_t>(v >> 8),
    *o++ = static_cast<std::uint8_t>(v);
  }
  std::uint32_t buffer = 0;
  int bits = 0;
  for (; i < length; ++i) {  // the last 2-3 characters
    const int v = kBase64.value[static_cast<unsigned char>(text[i])];
    if (v < 0) return bad(i);
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) bits -= 8, *o++ = static_cast<std::uint8_t>(buffer >> bits);
  }
  for (std::size_t k = length; k < text.size(); ++k)
    if (text[k] != '=') return bad(k);
  out.resize(static_cast<std::size_t>(o - out.data()));
  return Ok{};
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      int e = -1;
      std::uint32_t m = mantissa;
      do {
        ++e;
        m <<= 1;
      } while ((m & 0x400u) == 0);
      bits = sign | static_cast<std::uint32_t>(127 - 15 - e) << 23 | (m & 0x3ffu) << 13;
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | mantissa << 13;
  } else {
    bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
  }
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

Status decode_bytes(const std::vector<std::uint8_t>& bytes, const VectorSpec& spec, std::vector<float>& out) {
  const auto d = static_cast<std::size_t>(spec.dimension);
  const std::size_t need = spec.encoding == VectorEncoding::F32   ? d * 4
                           : spec.encoding == VectorEncoding::F16 ? d * 2
                                                                  : d + 4;
  if (bytes.size() != need)
    return invalid(spec, std::string(encoding_name(spec.encoding)) + " encoding of " + std::to_string(d) +
                             " dimensions needs " + std::to_string(need) + " bytes, got " +
                             std::to_string(bytes.size()));
  out.resize(d);
  if (spec.encoding == VectorEncoding::F32) {
    std::memcpy(out.data(), bytes.data(), need);  // little-endian, as wasm and x86 are
  } else if (spec.encoding == VectorEncoding::F16) {
    for (std::size_t i = 0; i < d; ++i)
      out[i] = half_to_float(static_cast<std::uint16_t>(bytes[2 * i] | bytes[2 * i + 1] << 8));
  } else {
    float scale;
    std::memcpy(&scale, bytes.data(), sizeof scale);
    for (std::size_t i = 0; i < d; ++i) out[i] = static_cast<float>(static_cast<std::int8_t>(bytes[4 + i])) * scale;
  }
  for (std::size_t i = 0; i < d; ++i)
    if (!std::isfinite(out[i])) return invalid(spec, "element " + std::to_string(i) + " is not a finite number");
  return Ok{};
}

}  // namespace

const char* metric_name(VectorMetric metric) {
  return metric == VectorMetric::Cosine ? "cosine" : metric == VectorMetric::Dot ? "dot" : "l2";
}

Result<VectorSpec> parse_vector_spec(std::string field, std::string_view options_json) {
  PL_ASSIGN(Options options, Options::parse(options_json));
  VectorSpec spec;
  spec.field = std::move(field);
  PL_ASSIGN(std::int64_t dimension, options.integer("dimension", 0));
  if (dimension < 1 || dimension > kMaxVectorDimension)
    return bad_request("invalid_vectors", "dimension must be 1.." + std::to_string(kMaxVectorDimension));
  spec.dimension = static_cast<int>(dimension);
  PL_ASSIGN(std::string metric, options.string("metric", "cosine"));
  if (metric == "cosine")
    spec.metric = VectorMetric::Cosine;
  else if (metric == "dot")
    spec.metric = VectorMetric::Dot;
  else if (metric == "l2")
    spec.metric = VectorMetric::L2;
  else
    return bad_request("invalid_vectors", "metric must be cosine, dot or l2, not '" + metric + "'");
  PL_ASSIGN(std::string encoding, options.string("encoding", "f32"));
  const auto parsed = parse_encoding(encoding);
  if (!parsed) return bad_request("invalid_vectors", "encoding must be f32, f16 or i8, not '" + encoding + "'");
  spec.encoding = *parsed;
  PL_ASSIGN(std::string resident, options.string("resident", "full"));
  if (resident != "full" && resident != "quantized")
    return bad_request("invalid_vectors", "resident must be full or quantized, not '" + resident + "'");
  spec.keep_floats = resident == "full";
  return spec;
}

const char* encoding_name(VectorEncoding encoding) {
  return encoding == VectorEncoding::F32 ? "f32" : encoding == VectorEncoding::F16 ? "f16" : "i8";
}

std::optional<VectorEncoding> parse_encoding(std::string_view name) {
  for (auto encoding : {VectorEncoding::F32, VectorEncoding::F16, VectorEncoding::I8})
    if (name == encoding_name(encoding)) return encoding;
  return std::nullopt;
}

Json vector_spec_json(const VectorSpec& spec) {
  return Json{{"field", spec.field},
              {"dimension", spec.dimension},
              {"metric", metric_name(spec.metric)},
              {"encoding", encoding_name(spec.encoding)},
              {"resident", spec.keep_floats ? "full" : "quantized"}};
}

bool is_empty_vector(const JsonSpan& value) {
  if (value.kind == JsonSpan::Null) return true;
  if (value.kind == JsonSpan::String) return value.inner().empty();
  if (value.kind != JsonSpan::Array) return false;
  for (char c : value.raw.substr(1, value.raw.size() - 2))
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return false;
  return true;
}

Status decode_vector(const JsonSpan& value, const VectorSpec& spec, std::vector<float>& out) {
  if (value.kind == JsonSpan::Array) return decode_json_array(value.raw, spec, out);
  if (value.kind != JsonSpan::String)
    return invalid(spec, std::string("expected a number array or base64 text, got ") + value.type_name());
  if (value.escaped) return invalid(spec, "base64 text cannot contain escapes");
  return decode_vector_text(value.inner(), spec, out);
}

Status decode_vector_text(std::string_view text, const VectorSpec& spec, std::vector<float>& out) {
  if (!text.empty() && text.front() == '[') return decode_json_array(text, spec, out);
  std::vector<std::uint8_t> bytes;
  PL_TRY(decode_base64(text, spec, bytes));
  return decode_bytes(bytes, spec, out);
}

}  // namespace pocketlite
