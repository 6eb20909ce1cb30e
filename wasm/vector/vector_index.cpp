#include "vector/vector_index.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <queue>

#include "simd/vector_kernels.h"

namespace pocketlite {

/// A query in the forms each scan needs.
struct VectorIndex::Prepared {
  std::vector<float> floats;
  float norm2 = 0;
  std::vector<std::int8_t> codes;
  float scale = 0;
  std::vector<std::uint64_t> bits;
};

namespace {

// Per-vector symmetric int8 quantization: the largest magnitude maps to 127.
float quantize(const float* v, std::size_t n, std::int8_t* codes) {
  float max = 0;
  for (std::size_t i = 0; i < n; ++i) max = std::max(max, std::fabs(v[i]));
  const float scale = max > 0 ? max / 127.0f : 1.0f;
  const float inverse = 1.0f / scale;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = v[i] * inverse;  // |x| ≤ 127: round half away from zero without lround's call
    codes[i] = static_cast<std::int8_t>(x + (x >= 0 ? 0.5f : -0.5f));
  }
  return scale;
}

void sign_bits(const float* v, std::size_t n, std::uint64_t* words) {
  for (std::size_t w = 0; w < (n + 63) / 64; ++w) words[w] = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (v[i] > 0) words[i / 64] |= std::uint64_t{1} << (i % 64);
}

void normalize(float* v, std::size_t n) {
  const float norm = std::sqrt(simd::dot(v, v, n));
  if (norm > 0)
    for (std::size_t i = 0; i < n; ++i) v[i] /= norm;
}

// Keeps the `n` best (highest key) slots seen.
class TopN {
 public:
  explicit TopN(std::size_t n) : n_(n) {}
  void offer(float key, std::size_t slot) {
    if (heap_.size() < n_) {
      heap_.emplace(key, slot);
    } else if (n_ > 0 && key > heap_.top().first) {
      heap_.pop();
      heap_.emplace(key, slot);
    }
  }
  // Best first.
  std::vector<std::pair<float, std::size_t>> take() {
    std::vector<std::pair<float, std::size_t>> out;
    for (; !heap_.empty(); heap_.pop()) out.push_back(heap_.top());
    std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  std::size_t n_;
  std::priority_queue<std::pair<float, std::size_t>, std::vector<std::pair<float, std::size_t>>, std::greater<>> heap_;
};

// Hamming distances from the query's sign bits to each eligible slot's. The common widths get
// a loop with the word count fixed, which the compiler unrolls.
template <std::size_t Words>
void sign_distances(const std::uint64_t* query, const std::uint64_t* bits, const std::uint64_t* packed,
                    std::size_t words, const std::vector<std::size_t>& slots, std::uint32_t* out) {
  const std::size_t width = Words > 0 ? Words : words;
  if (packed != nullptr) {
    for (std::size_t i = 0; i < slots.size(); ++i) out[i] = simd::hamming(query, packed + i * width, width);
  } else {
    for (std::size_t i = 0; i < slots.size(); ++i) out[i] = simd::hamming(query, bits + slots[i] * width, width);
  }
}

}  // namespace

VectorIndex::VectorIndex(VectorSpec spec)
    : spec_(std::move(spec)), dim_(static_cast<std::size_t>(spec_.dimension)), words_((dim_ + 63) / 64) {}

void VectorIndex::clear() {
  ++version_;
  floats_.clear(), norms2_.clear(), codes_.clear(), scales_.clear(), bits_.clear();
  rowids_.clear(), ids_.clear(), free_.clear(), slot_by_rowid_.clear();
}

void VectorIndex::upsert(std::int64_t rowid, const std::string& id, const float* values) {
  std::size_t slot;
  bool replaced = false;
  if (auto it = slot_by_rowid_.find(rowid); it != slot_by_rowid_.end()) {
    slot = it->second;
    replaced = true;
  } else if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = rowids_.size();
    rowids_.push_back(-1), ids_.emplace_back(), norms2_.push_back(0), scales_.push_back(0);
    codes_.resize(codes_.size() + dim_), bits_.resize(bits_.size() + words_);
    if (spec_.keep_floats) floats_.resize(floats_.size() + dim_);
  }
  std::vector<float> scratch;
  float* v = spec_.keep_floats ? &floats_[slot * dim_] : (scratch.resize(dim_), scratch.data());
  std::copy(values, values + dim_, v);
  if (spec_.metric == VectorMetric::Cosine) normalize(v, dim_);
  norms2_[slot] = simd::dot(v, v, dim_);
  scales_[slot] = quantize(v, dim_, &codes_[slot * dim_]);
  std::uint64_t* bits = &bits_[slot * words_];
  std::vector<std::uint64_t> before;
  if (replaced) before.assign(bits, bits + words_);  // a new record (every sync insert) copies nothing
  sign_bits(v, dim_, bits);
  // Packed subsets copy only sign codes: a record written again with the same signs (most
  // writes that do not touch the vector) leaves them valid.
  if (replaced && !std::equal(before.begin(), before.end(), bits)) ++version_;
  rowids_[slot] = rowid;
  ids_[slot] = id;
  slot_by_rowid_[rowid] = slot;
}

void VectorIndex::remove(std::int64_t rowid) {
  auto it = slot_by_rowid_.find(rowid);
  if (it == slot_by_rowid_.end()) return;
  ++version_;
  rowids_[it->second] = -1;
  ids_[it->second].clear();
  free_.push_back(it->second);
  slot_by_rowid_.erase(it);
}

const float* VectorIndex::floats_at(std::size_t slot, std::vector<float>& buffer) const {
  if (spec_.keep_floats) return &floats_[slot * dim_];
  buffer.resize(dim_);
  if (!source_ || !source_(rowids_[slot], buffer.data())) return nullptr;
  if (spec_.metric == VectorMetric::Cosine) normalize(buffer.data(), dim_);
  return buffer.data();
}

const float* VectorIndex::vector_of(std::int64_t rowid, std::vector<float>& buffer) const {
  auto it = slot_by_rowid_.find(rowid);
  return it == slot_by_rowid_.end() ? nullptr : floats_at(it->second, buffer);
}

std::int64_t VectorIndex::slot_of(std::int64_t rowid) const {
  auto it = slot_by_rowid_.find(rowid);
  return it == slot_by_rowid_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

void VectorIndex::pack(SlotSubset& subset) const {
  subset.version = version_;
  subset.bits.clear();
  if (2 * subset.slots.size() > size()) return;
  subset.bits.resize(subset.slots.size() * words_);
  for (std::size_t i = 0; i < subset.slots.size(); ++i)
    std::copy_n(&bits_[subset.slots[i] * words_], words_, &subset.bits[i * words_]);
}

bool VectorIndex::live(std::size_t slot, std::int64_t exclude_rowid) const {
  return slot < rowids_.size() && rowids_[slot] >= 0 && rowids_[slot] != exclude_rowid;
}

// The live slots a query may return: the filter's, or every one; never the excluded record. A
// filter's own list (and its packed codes) serves as it is when packed at the current version.
VectorIndex::Eligible VectorIndex::eligible(const VectorQuery& query) const {
  Eligible out;
  const SlotSubset* subset = query.allowed;
  if (subset != nullptr && subset->version == version_ && query.exclude_rowid < 0) {
    out.slots = &subset->slots;
    out.packed = subset->bits.empty() ? nullptr : subset->bits.data();
    return out;
  }
  const std::size_t n = subset != nullptr ? subset->slots.size() : rowids_.size();
  out.owned.resize(n);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {  // branch-free: every slot is written, a live one kept
    const std::size_t slot = subset != nullptr ? subset->slots[i] : i;
    out.owned[kept] = slot;
    kept += live(slot, query.exclude_rowid);
  }
  out.owned.resize(kept);
  return out;
}

std::size_t VectorIndex::default_oversample(VectorMode mode, std::size_t k) {
  if (mode == VectorMode::Binary) return kBinaryOversample;
  const double shrink = std::sqrt(10.0 / static_cast<double>(std::max<std::size_t>(k, 10)));
  return std::max<std::size_t>(2, static_cast<std::size_t>(std::lround(kFastOversample * shrink)));
}

// Higher is better for every metric: L2 ranks by the negated squared distance.
float VectorIndex::exact_score(const float* query, float query_norm2, std::size_t slot,
                               std::vector<float>& buffer) const {
  const float* v = floats_at(slot, buffer);
  if (v == nullptr) return -INFINITY;  // its row vanished: rank it last
  if (spec_.metric == VectorMetric::L2) return -(query_norm2 + norms2_[slot] - 2 * simd::dot(query, v, dim_));
  return simd::dot(query, v, dim_);
}

float VectorIndex::int8_key(const Prepared& q, std::size_t slot) const {
  const float dot =
      static_cast<float>(simd::dot_i8(q.codes.data(), &codes_[slot * dim_], dim_)) * q.scale * scales_[slot];
  return spec_.metric == VectorMetric::L2 ? -(norms2_[slot] - 2 * dot) : dot;
}

// The `n` slots of `eligible` nearest by sign bits, in one pass and a histogram of the Hamming
// distances (a small integer range): no heap, whatever `n` is. Four histograms take turns so
// that equal distances in a row do not wait on each other's increment.
std::vector<std::size_t> VectorIndex::closest_bits(const Prepared& q, const Eligible& eligible, std::size_t n) const {
  const std::vector<std::size_t>& slots = *eligible.slots;
  const std::size_t m = slots.size();
  const std::unique_ptr<std::uint32_t[]> distance(new std::uint32_t[m]);  // no zeroing: all written
  auto* distances = words_ == 6    ? &sign_distances<6>                   // 384, 768 and 1536 dimensions
                    : words_ == 12 ? &sign_distances<12>
                    : words_ == 24 ? &sign_distances<24>
                                   : &sign_distances<0>;
  distances(q.bits.data(), bits_.data(), eligible.packed, words_, slots, distance.get());
  const std::size_t span = words_ * 64 + 1;  // distances 0 … every bit
  std::vector<std::uint32_t> histogram(4 * span, 0);
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    ++histogram[distance[i]], ++histogram[span + distance[i + 1]];
    ++histogram[2 * span + distance[i + 2]], ++histogram[3 * span + distance[i + 3]];
  }
  for (; i < m; ++i) ++histogram[distance[i]];
  // The distance at which the nearest n are reached; ties there are taken in slot order.
  std::size_t threshold = 0, below = 0;
  for (; threshold < span; ++threshold) {
    const std::size_t at = histogram[threshold] + histogram[span + threshold] + histogram[2 * span + threshold] +
                           histogram[3 * span + threshold];
    if (below + at >= n) break;
    below += at;
  }
  std::size_t at_threshold = n - below;
  std::vector<std::size_t> out;
  out.reserve(n);
  for (i = 0; i < m; ++i) {
    if (distance[i] < threshold) {
      out.push_back(slots[i]);
    } else if (distance[i] == threshold && at_threshold > 0) {
      out.push_back(slots[i]);
      --at_threshold;
    }
  }
  return out;
}

// The `n` most promising slots: by sign bits, by int8 codes, or (fast) by sign bits first and
// then int8 codes over four times as many.
std::vector<std::size_t> VectorIndex::candidates(const Prepared& q, const Eligible& eligible, VectorMode mode,
                                                 std::size_t n) const {
  if (mode == VectorMode::Binary) return closest_bits(q, eligible, n);
  TopN top(n);
  if (mode == VectorMode::Fast) {
    for (std::size_t slot : closest_bits(q, eligible, n * kFastFunnel)) top.offer(int8_key(q, slot), slot);
  } else {
    for (std::size_t slot : *eligible.slots) top.offer(int8_key(q, slot), slot);
  }
  std::vector<std::size_t> out;
  for (const auto& [key, slot] : top.take()) out.push_back(slot);
  return out;
}

std::vector<VectorHit> VectorIndex::search(const VectorQuery& query) const {
  Prepared q;
  q.floats = query.vector;
  if (spec_.metric == VectorMetric::Cosine) normalize(q.floats.data(), dim_);
  q.norm2 = simd::dot(q.floats.data(), q.floats.data(), dim_);
  const Eligible allowed = eligible(query);
  const std::vector<std::size_t>& slots = *allowed.slots;
  const std::size_t rescored =
      query.k * (query.oversample > 0 ? query.oversample : default_oversample(query.mode, query.k));
  const std::size_t shortlist = query.mode == VectorMode::Fast ? rescored * kFastFunnel : rescored;
  // A funnel as wide as half the candidates costs more than scoring them all, and finds no more.
  const bool exact = query.mode == VectorMode::Exact || 2 * shortlist >= slots.size();
  TopN best(query.k);
  std::vector<float> buffer;
  if (exact) {
    for (std::size_t slot : slots) best.offer(exact_score(q.floats.data(), q.norm2, slot, buffer), slot);
  } else {
    q.codes.resize(dim_);
    q.scale = quantize(q.floats.data(), dim_, q.codes.data());
    q.bits.resize(words_);
    sign_bits(q.floats.data(), dim_, q.bits.data());
    for (std::size_t slot : candidates(q, allowed, query.mode, rescored))
      best.offer(exact_score(q.floats.data(), q.norm2, slot, buffer), slot);
  }
  std::vector<std::pair<float, std::size_t>> ranked = best.take();
  // Equal scores (duplicate vectors) in id order, so a rebuilt index answers the same.
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && ids_[a.second] < ids_[b.second]);
  });
  std::vector<VectorHit> hits;
  for (const auto& [key, slot] : ranked) {
    const float score = spec_.metric == VectorMetric::L2 ? std::sqrt(std::max(0.0f, -key)) : key;
    hits.push_back(VectorHit{rowids_[slot], &ids_[slot], score});
  }
  return hits;
}

double VectorIndex::fast_bytes_per_vector() const {
  return static_cast<double>(dim_ + words_ * 8 + sizeof(float));  // codes, sign bits, scale
}

double VectorIndex::resident_bytes_per_vector() const {
  const std::size_t floats = spec_.keep_floats ? dim_ * sizeof(float) : 0;
  return fast_bytes_per_vector() + static_cast<double>(floats + sizeof(float) + sizeof(std::int64_t));
}

float VectorIndex::bandwidth_probe() const { return simd::sum(floats_.data(), floats_.size()); }

}  // namespace pocketlite
