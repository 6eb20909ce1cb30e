// Limits the engine shares with PocketBase. JavaScript reads them from the engine (api::constants)
// instead of keeping copies.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pocketlite {

/// Records per list page at most (PocketBase's MaxPerPage).
constexpr std::int64_t kMaxPerPage = 1000;
/// Relation fields a filter, sort or expand may follow in one path (PocketBase's limit).
constexpr std::size_t kMaxRelationHops = 6;
/// Records a back-relation expand shows per record (PocketBase caps it the same way).
constexpr std::int64_t kMaxBackRelationExpand = 1000;

}  // namespace pocketlite
