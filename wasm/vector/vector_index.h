// The resident index of one vector field: contiguous arenas in memory, updated incrementally.
// Each vector is kept three ways: float32 (normalised for cosine) for exact scores and rescoring,
// int8 codes with a per-vector scale for the `fast` scan, and 1-bit sign codes for the `binary`
// scan. Slots of deleted vectors are reused.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "vector/vector_codec.h"

namespace pocketlite {

/// How a search scans: every float (exact); sign bits, then int8 codes over the best
/// `10 × k × oversample`, then floats over the best `k × oversample` (fast); int8 codes then
/// floats (int8); or sign bits then floats (binary). A funnel as wide as half the vectors it
/// may return scores them all exactly instead: it would cost more and find no more.
enum class VectorMode { Exact, Fast, Int8, Binary };

/// The slots a filter allows, sorted, and (when packed) their sign codes side by side in that
/// order, so that a filtered search's first stage reads them in sequence instead of one cache
/// line per slot across the whole arena. Valid while the index's slots do not change.
struct SlotSubset {
  std::vector<std::size_t> slots;
  std::vector<std::uint64_t> bits;  // words per slot, or empty
  std::uint64_t version = 0;        // the index's version() when packed
};

struct VectorQuery {
  std::vector<float> vector;
  std::size_t k = 10;
  VectorMode mode = VectorMode::Exact;
  std::size_t oversample = 0;           // 0: the mode's default for k
  const SlotSubset* allowed = nullptr;  // the slots a filter allows; nullptr: every one
  std::int64_t exclude_rowid = -1;      // similar(): not the record itself
};

struct VectorHit {
  std::int64_t rowid;
  const std::string* id;
  float score;  // cosine similarity, dot product, or L2 distance (then lower is better)
};

class VectorIndex {
 public:
  /// Reads a record's stored float32 vector into `out` (false when it has none): where the
  /// floats come from when the spec keeps only the quantized codes in memory.
  using FloatSource = std::function<bool(std::int64_t rowid, float* out)>;

  explicit VectorIndex(VectorSpec spec);
  void set_float_source(FloatSource source) { source_ = std::move(source); }

  /// Adds or replaces the vector of a record (`values` has spec().dimension finite floats).
  void upsert(std::int64_t rowid, const std::string& id, const float* values);
  void remove(std::int64_t rowid);
  void clear();
  /// The best k vectors, best first.
  [[nodiscard]] std::vector<VectorHit> search(const VectorQuery& query) const;
  /// The stored (normalised, for cosine) vector of a record, or nullptr; `buffer` holds it when
  /// it is read from the float source.
  [[nodiscard]] const float* vector_of(std::int64_t rowid, std::vector<float>& buffer) const;
  /// Slot of a record, for building filter bitmaps; -1 when it has no vector.
  [[nodiscard]] std::int64_t slot_of(std::int64_t rowid) const;
  /// The record in a slot; -1 for a free one.
  [[nodiscard]] std::int64_t rowid_at(std::size_t slot) const { return slot < rowids_.size() ? rowids_[slot] : -1; }
  /// Copies the sign codes of `subset.slots` into `subset.bits` when the subset is at most half
  /// the index (a larger one gains little from packing and would double the codes' memory).
  void pack(SlotSubset& subset) const;
  /// Changes whenever an existing slot's sign code changes or a slot is freed (not when one is
  /// added): a subset packed at this version still holds live slots and their current codes.
  [[nodiscard]] std::uint64_t version() const { return version_; }
  [[nodiscard]] std::size_t slots() const { return rowids_.size(); }
  [[nodiscard]] std::size_t size() const { return slot_by_rowid_.size(); }
  [[nodiscard]] const VectorSpec& spec() const { return spec_; }
  /// Bytes per vector of the quantized (fast + binary) index, and of everything resident.
  [[nodiscard]] double fast_bytes_per_vector() const;
  [[nodiscard]] double resident_bytes_per_vector() const;
  /// Σ of every stored float with the SIMD sum kernel: the memory-bandwidth reference for benchmarks.
  [[nodiscard]] float bandwidth_probe() const;

  // fast and int8 rescore 4·k floats at k ≤ 10: int8 codes rank close enough to exact that 10·k
  // found no more (bench/vector-filtered.ts); sign bits rank worse, so fast's first stage keeps
  // 10× that for the int8 stage (at 6× recall@10 fell from 0.98 to 0.90 on the generator's data).
  static constexpr std::size_t kFastOversample = 4;
  static constexpr std::size_t kFastFunnel = 10;
  static constexpr std::size_t kBinaryOversample = 40;
  /// The oversample a mode uses for `k` when none is given: fast and int8 shrink it as √(10/k)
  /// (a longer list tolerates misses at its end: recall is measured at each k), down to 2.
  [[nodiscard]] static std::size_t default_oversample(VectorMode mode, std::size_t k);

 private:
  struct Prepared;
  [[nodiscard]] const float* floats_at(std::size_t slot, std::vector<float>& buffer) const;
  [[nodiscard]] float exact_score(const float* query, float query_norm2, std::size_t slot,
                                  std::vector<float>& buffer) const;
  [[nodiscard]] float int8_key(const Prepared& q, std::size_t slot) const;
  // The live slots a query may return, and their packed sign codes when the filter's are usable.
  struct Eligible {
    std::vector<std::size_t> owned;
    const std::vector<std::size_t>* slots = &owned;
    const std::uint64_t* packed = nullptr;
  };
  [[nodiscard]] std::vector<std::size_t> candidates(const Prepared& q, const Eligible& eligible, VectorMode mode,
                                                    std::size_t n) const;
  [[nodiscard]] std::vector<std::size_t> closest_bits(const Prepared& q, const Eligible& eligible, std::size_t n) const;
  [[nodiscard]] Eligible eligible(const VectorQuery& query) const;
  [[nodiscard]] bool live(std::size_t slot, std::int64_t exclude_rowid) const;

  VectorSpec spec_;
  std::size_t dim_;
  std::size_t words_;          // 64-bit words of a sign code
  std::vector<float> floats_;  // dim per slot (when the spec keeps floats)
  FloatSource source_;
  std::vector<float> norms2_;         // |v|² per slot (for L2)
  std::vector<std::int8_t> codes_;    // dim per slot
  std::vector<float> scales_;         // per slot: value ≈ code × scale
  std::vector<std::uint64_t> bits_;   // words per slot: sign bits
  std::vector<std::int64_t> rowids_;  // per slot; -1 for a free slot
  std::vector<std::string> ids_;
  std::vector<std::size_t> free_;
  std::unordered_map<std::int64_t, std::size_t> slot_by_rowid_;
  std::uint64_t version_ = 0;
};

}  // namespace pocketlite
