#pragma once

#include "core/fixed_point.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger {

/// A strictly positive price per share, exact, in micro-units.
class price {
public:
  /// nullopt unless micros > 0.
  static std::optional<price> from_micros(std::int64_t micros) {
    if (micros <= 0)
      return std::nullopt;
    return price{micros};
  }

  /// Exact decimal text ("176", "1455.219971"); nullopt unless positive and
  /// exactly representable.
  static std::optional<price> parse(std::string_view text) {
    if (auto micros = parse_micros(text))
      return from_micros(*micros);
    return std::nullopt;
  }

  constexpr std::int64_t micros() const { return micros_; }

  std::string to_string() const { return format_micros(micros_); }

  friend constexpr bool operator==(price a, price b) {
    return a.micros_ == b.micros_;
  }
  friend constexpr bool operator!=(price a, price b) {
    return a.micros_ != b.micros_;
  }
  friend constexpr bool operator<(price a, price b) {
    return a.micros_ < b.micros_;
  }
  friend constexpr bool operator<=(price a, price b) {
    return a.micros_ <= b.micros_;
  }
  friend constexpr bool operator>(price a, price b) {
    return a.micros_ > b.micros_;
  }
  friend constexpr bool operator>=(price a, price b) {
    return a.micros_ >= b.micros_;
  }

private:
  constexpr explicit price(std::int64_t micros) : micros_(micros) {}

  std::int64_t micros_;
};

} // namespace ledger
