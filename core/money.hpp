#pragma once

#include "core/fixed_point.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger {

/// An exact amount of cash in micro-units; may be negative (a cash delta).
class money {
public:
  constexpr money() = default;

  static constexpr money from_micros(std::int64_t micros) {
    return money{micros};
  }

  /// Whole currency units; for literals in tests and defaults.
  static constexpr money units(std::int64_t whole) {
    return money{whole * fixed_scale};
  }

  /// Exact decimal text ("96485.5"); nullopt when not exactly representable.
  static std::optional<money> parse(std::string_view text) {
    if (auto micros = parse_micros(text))
      return money{*micros};
    return std::nullopt;
  }

  constexpr std::int64_t micros() const { return micros_; }

  std::string to_string() const { return format_micros(micros_); }

  friend constexpr bool operator==(money a, money b) {
    return a.micros_ == b.micros_;
  }
  friend constexpr bool operator!=(money a, money b) {
    return a.micros_ != b.micros_;
  }
  friend constexpr bool operator<(money a, money b) {
    return a.micros_ < b.micros_;
  }
  friend constexpr bool operator<=(money a, money b) {
    return a.micros_ <= b.micros_;
  }
  friend constexpr bool operator>(money a, money b) {
    return a.micros_ > b.micros_;
  }
  friend constexpr bool operator>=(money a, money b) {
    return a.micros_ >= b.micros_;
  }

private:
  constexpr explicit money(std::int64_t micros) : micros_(micros) {}

  std::int64_t micros_ = 0;
};

/// Sum and difference that report overflow instead of wrapping.
inline std::optional<money> add(money a, money b) {
  if (auto sum = checked_add(a.micros(), b.micros()))
    return money::from_micros(*sum);
  return std::nullopt;
}

inline std::optional<money> subtract(money a, money b) {
  if (auto difference = checked_sub(a.micros(), b.micros()))
    return money::from_micros(*difference);
  return std::nullopt;
}

} // namespace ledger
