#include "core/value_summary.hpp"

#include <algorithm>

namespace ledger {

void value_summary::add(money value) {
  if (points_++ == 0) {
    first_ = high_ = low_ = peak_ = max_fall_peak_ = value;
  } else {
    high_ = std::max(high_, value);
    low_ = std::min(low_, value);
    peak_ = std::max(peak_, value);
  }
  last_ = value;
  auto fall = subtract(peak_, value).value_or(money{});
  if (fall > max_fall_) {
    max_fall_ = fall;
    max_fall_peak_ = peak_;
  }
}

} // namespace ledger
