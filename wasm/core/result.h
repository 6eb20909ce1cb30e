// Result<T>: a value or an Error, in the spirit of simdjson_result / std::expected (C++23).
#pragma once

#include <utility>
#include <variant>

#include "core/error.h"

namespace pocketlite {

/// Holds either a T or an Error; check ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& value() const& { return std::get<0>(state_); }
  const Error& error() const { return std::get<1>(state_); }
  Error&& take_error() { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

/// Success without a value.
struct Ok {};
using Status = Result<Ok>;

}  // namespace pocketlite

// Early return on error inside a function returning Result<...> or Status.
#define PL_TRY(expr)                                              \
  do {                                                            \
    auto pl_try_result_ = (expr);                                 \
    if (!pl_try_result_.ok()) return pl_try_result_.take_error(); \
  } while (0)

// Binds `lhs` to the value of `expr`, or returns its error.
#define PL_ASSIGN(lhs, expr)                                                                  \
  auto PL_CONCAT_(pl_res_, __LINE__) = (expr);                                                \
  if (!PL_CONCAT_(pl_res_, __LINE__).ok()) return PL_CONCAT_(pl_res_, __LINE__).take_error(); \
  lhs = std::move(PL_CONCAT_(pl_res_, __LINE__)).value()
#define PL_CONCAT_INNER_(a, b) a##b
#define PL_CONCAT_(a, b) PL_CONCAT_INNER_(a, b)
