#pragma once

// The exact summary of a value series that /stats has always shown under
// "value": first, last, high, low, and the largest fall in money from a
// running peak with that peak. Accumulated point by point.

#include "core/money.hpp"

#include <cstdint>

namespace ledger {

class value_summary {
public:
  /// The next value, in recorded order.
  void add(money value);

  std::uint64_t points() const { return points_; }
  money first() const { return first_; }
  money last() const { return last_; }
  money high() const { return high_; }
  money low() const { return low_; }
  /// The largest fall in money from a running peak (zero if none)...
  money max_fall() const { return max_fall_; }
  /// ...and the peak it fell from.
  money max_fall_peak() const { return max_fall_peak_; }

private:
  std::uint64_t points_ = 0;
  money first_, last_, high_, low_, peak_, max_fall_, max_fall_peak_;
};

} // namespace ledger
