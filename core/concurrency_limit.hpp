#pragma once

// How many requests may await the algorithm workers at once, learned from
// their answers (additive increase, multiplicative decrease, as TCP does
// with its window). A fixed cap is either too low for an idle machine or
// so high that, when the workers fall behind, queued requests outlive
// their deadlines and come back as timeouts. Here a timeout (a request
// that waited past its deadline) shrinks the limit, so the excess is shed
// as skipped ticks before it is sent; answers in time grow it back.

#include <chrono>
#include <cstddef>

namespace ledger {

class concurrency_limit {
public:
  using clock = std::chrono::steady_clock;

  /// Starts at `max` and never leaves [min, max].
  explicit concurrency_limit(std::size_t max, std::size_t min = 16);

  std::size_t value() const { return value_; }

  /// An answer in time: one more request allowed after `value()` of them
  /// (one step per round of requests).
  void answered();

  /// A request that waited past its deadline: the limit shrinks by a
  /// fifth, at most once per `cooldown` (one overload episode expires many
  /// requests at once; counting each would collapse the limit).
  void expired(clock::time_point now);

  static constexpr auto cooldown = std::chrono::milliseconds{200};

private:
  std::size_t min_;
  std::size_t max_;
  std::size_t value_;
  std::size_t answered_ = 0;
  clock::time_point last_decrease_{};
};

} // namespace ledger
