#pragma once

// A deterministic algorithm for engine tests: its orders depend only on the
// tick number, and it remembers what the engine told it.

#include "core/algo_messages.hpp"

#include <map>
#include <memory>
#include <vector>

namespace ledger::test {

struct scripted_memory {
  /// book_status["rejected"] as received, by tick.
  std::map<std::int64_t, std::vector<rejection>> rejected_seen;
  std::size_t requests = 0;
};

/// Tick t buys (t % 3 + 1) AAPL; every 4th tick sells 5 GOOG (rejected
/// until enough are held); every 5th buys 1000 GOOG (insufficient funds);
/// every 7th places an unreachable limit (limit_not_met); every 2nd buys 2
/// GOOG; every 6th sells 2 AAPL.
inline std::vector<order> scripted_orders(std::int64_t tick) {
  auto q = [](std::int64_t n) { return *quantity::make(n); };
  std::vector<order> out;
  out.push_back({side::buy, "AAPL", q(tick % 3 + 1), std::nullopt});
  if (tick % 2 == 0)
    out.push_back({side::buy, "GOOG", q(2), std::nullopt});
  if (tick % 4 == 0)
    out.push_back({side::sell, "GOOG", q(5), std::nullopt});
  if (tick % 5 == 0)
    out.push_back({side::buy, "GOOG", q(1000), std::nullopt});
  if (tick % 6 == 0)
    out.push_back({side::sell, "AAPL", q(2), std::nullopt});
  if (tick % 7 == 0)
    out.push_back({side::buy, "AAPL", q(1), price::from_micros(1)});
  return out;
}

inline auto scripted_algorithm(std::shared_ptr<scripted_memory> memory) {
  return [memory](const algo_request& r) {
    ++memory->requests;
    memory->rejected_seen[r.tick] = r.rejected;
    algo_reply reply;
    reply.orders = scripted_orders(r.tick);
    return reply;
  };
}

} // namespace ledger::test
