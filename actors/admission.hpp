#pragma once

// How many trade requests await the algorithm workers, and how many may,
// shared by the gateway (which counts them and adapts the limit, see
// core/concurrency_limit.hpp) and every ledger (which reads both): past the
// limit a ledger sheds its tick before asking anyone anything, so overload
// costs one atomic read per tick instead of a round trip through the market,
// the gateway and the broker for a request that would only expire.

#include <atomic>
#include <cstddef>

namespace ledger {

struct admission {
  explicit admission(std::size_t max_in_flight) : limit(max_in_flight) {}

  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::size_t> limit;

  bool full() const {
    return in_flight.load(std::memory_order_relaxed) >=
           limit.load(std::memory_order_relaxed);
  }
};

} // namespace ledger
