#include "vector/vector_index.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

VectorIndex::VectorIndex(VectorSpec spec)
    : spec_(std::move(spec)), dim_(static_cast<std::size_t>(spec_.dimension)), words_((dim_ + 63) / 64) {}

void VectorIndex::clear() {
  floats_.clear(), norms2_.clear(), codes_.clear(), scales_.clear(), bits_.clear();
  rowids_.clear(), ids_.clear(), free_.clear(), slot_by_rowid_.clear();
}

void VectorIndex::upsert(std::int64_t rowid, const std::string& id, const float* values) {
  std::size_t slot;
  if (auto it = slot_by_rowid_.find(rowid); it != slot_by_rowid_.end()) {
    slot = it->second;
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
  sign_bits(v, dim_, &bits_[slot * words_]);
  rowids_[slot] = rowid;
  ids_[slot] = id;
  slot_by_rowid_[rowid] = slot;
}

void VectorIndex::remove(std::int64_t rowid) {
  auto it = slot_by_rowid_.find(rowid);
  if (it == slot_by_rowid_.end()) return;
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

// The live slots a query may return: the filter's, or every one; never the excluded record.
std::vector<std::size_t> VectorIndex::eligible(const VectorQuery& query) const {
  std::vector<std::size_t> out;
  const auto keep = [&](std::size_t slot) {
    if (slot < rowids_.size() && rowids_[slot] >= 0 && rowids_[slot] != query.exclude_rowid) out.push_back(slot);
  };
  if (query.allowed != nullptr) {
    out.reserve(query.allowed->size());
    for (std::size_t slot : *query.allowed) keep(slot);
  } else {
    out.reserve(slot_by_rowid_.size());
    for (std::size_t slot = 0; slot < rowids_.size(); ++slot) keep(slot);
  }
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
// distances (a small integer range): no heap, whatever `n` is.
std::vector<std::size_t> VectorIndex::closest_bits(const Prepared& q, const std::vector<std::size_t>& eligible,
                                                   std::size_t n) const {
  std::vector<std::uint32_t> distance(eligible.size());
  std::vector<std::size_t> histogram(dim_ + 2, 0);
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    distance[i] = static_cast<std::uint32_t>(simd::hamming(q.bits.data(), &bits_[eligible[i] * words_], words_));
    ++histogram[std::min<std::size_t>(distance[i], dim_ + 1)];
  }
  // The distance at which the nearest n are reached; ties there are taken in slot order.
  std::size_t threshold = 0, below = 0;
  while (threshold < histogram.size() && below + histogram[threshold] < n) below += histogram[threshold++];
  std::size_t at_threshold = n - below;
  std::vector<std::size_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    if (distance[i] < threshold) {
      out.push_back(eligible[i]);
    } else if (distance[i] == threshold && at_threshold > 0) {
      out.push_back(eligible[i]);
      --at_threshold;
    }
  }
  return out;
}

// The `n` most promising slots: by sign bits, by int8 codes, or (fast) by sign bits first and
// then int8 codes over four times as many.
std::vector<std::size_t> VectorIndex::candidates(const Prepared& q, const std::vector<std::size_t>& eligible,
                                                 VectorMode mode, std::size_t n) const {
  if (mode == VectorMode::Binary) return closest_bits(q, eligible, n);
  TopN top(n);
  if (mode == VectorMode::Fast) {
    for (std::size_t slot : closest_bits(q, eligible, n * kFastFunnel)) top.offer(int8_key(q, slot), slot);
  } else {
    for (std::size_t slot : eligible) top.offer(int8_key(q, slot), slot);
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
  const std::vector<std::size_t> slots = eligible(query);
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
    for (std::size_t slot : candidates(q, slots, query.mode, rescored))
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
