#pragma once

#include <cstdint>
#include <optional>

namespace ledger {

/// A strictly positive whole number of shares.
class quantity {
public:
  /// nullopt unless shares > 0.
  static constexpr std::optional<quantity> make(std::int64_t shares) {
    if (shares <= 0)
      return std::nullopt;
    return quantity{shares};
  }

  constexpr std::int64_t shares() const { return shares_; }

  friend constexpr bool operator==(quantity a, quantity b) {
    return a.shares_ == b.shares_;
  }
  friend constexpr bool operator!=(quantity a, quantity b) {
    return a.shares_ != b.shares_;
  }

private:
  constexpr explicit quantity(std::int64_t shares) : shares_(shares) {}

  std::int64_t shares_;
};

} // namespace ledger
