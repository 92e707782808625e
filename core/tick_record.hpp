#pragma once

#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger {

/// How a tick ended.
enum class tick_outcome {
  ok,          ///< the model answered; its orders were decided
  no_quote,    ///< no price for any tracked ticker yet: nothing was asked
  timeout,     ///< the model missed its deadline
  model_error, ///< the model (or its worker) failed; see detail
  skipped,     ///< the previous tick was still in flight, or shed under load
  missed,      ///< ticks that fell while the engine was down (one record)
  reported,    ///< trades reported through update_ledger, not a timer tick
  /// The engine could not reach the message broker: an outage of ours,
  /// kept apart from the model's own failures.
  broker_unavailable,
  /// The ledger's market (ledger_config::calendar) was closed at the
  /// tick's time: nothing was asked. Keep the last value last:
  /// tick_outcome_count is counted from it.
  market_closed,
};

/// How many outcomes there are: counters are sized by it (actors/metrics).
/// tick_record.cpp checks that its table of names lists every value.
inline constexpr std::size_t tick_outcome_count =
  static_cast<std::size_t>(tick_outcome::market_closed) + 1;

std::string_view to_string(tick_outcome o);
std::optional<tick_outcome> parse_tick_outcome(std::string_view text);

/// Everything one tick did, handed to persistence as one unit. Ticks are
/// numbered from 1 per ledger; (ledger, tick) is the idempotency key.
struct tick_record {
  std::string ledger;
  std::int64_t tick = 0;
  timestamp time;
  tick_outcome outcome = tick_outcome::ok;
  std::chrono::microseconds latency{0};
  std::string detail;                ///< error text, count of missed ticks
  std::vector<fill> fills;           ///< in the order they applied
  std::vector<rejection> rejections; ///< in the order they were decided
  std::optional<money> value;        ///< value point, when marks allow one
  money balance;                     ///< the book after the tick
  holdings positions;
};

} // namespace ledger
