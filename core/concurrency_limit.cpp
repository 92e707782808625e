#include "core/concurrency_limit.hpp"

#include <algorithm>

namespace ledger {

concurrency_limit::concurrency_limit(std::size_t max, std::size_t min)
  : min_(std::min(min, max)), max_(std::max<std::size_t>(max, 1)),
    value_(max_) {}

void concurrency_limit::answered() {
  if (++answered_ < value_)
    return;
  answered_ = 0;
  value_ = std::min(value_ + 1, max_);
}

void concurrency_limit::expired(clock::time_point now) {
  if (last_decrease_ != clock::time_point{} && now - last_decrease_ < cooldown)
    return;
  last_decrease_ = now;
  answered_ = 0;
  value_ = std::max(value_ - value_ / 5, min_);
}

} // namespace ledger
