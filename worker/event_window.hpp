#pragma once

// Counts recent events (a host's starts, the host failures one ledger
// caused) in a sliding window, to refuse work that keeps failing instead
// of failing at it over and over.

#include <chrono>
#include <cstddef>
#include <deque>

namespace ledger::worker {

class event_window {
public:
  using clock = std::chrono::steady_clock;

  event_window(int max_events, std::chrono::seconds window)
    : max_(max_events), window_(window) {}

  /// Events within the window as of `now`.
  std::size_t count(clock::time_point now) {
    while (!times_.empty() && now - times_.front() >= window_)
      times_.pop_front();
    return times_.size();
  }

  /// True when `max_events` happened within the window: refuse for now.
  bool full(clock::time_point now) {
    return count(now) >= static_cast<std::size_t>(max_);
  }

  void add(clock::time_point now) { times_.push_back(now); }

  /// Whole seconds until the oldest event leaves the window (at least 1).
  long long seconds_until_free(clock::time_point now) const {
    if (times_.empty())
      return 0;
    auto left =
      std::chrono::ceil<std::chrono::seconds>(times_.front() + window_ - now);
    return left.count() < 1 ? 1 : left.count();
  }

  std::chrono::seconds window() const { return window_; }

private:
  int max_;
  std::chrono::seconds window_;
  std::deque<clock::time_point> times_;
};

} // namespace ledger::worker
