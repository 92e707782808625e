#pragma once

#include "feed/quote.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ledger::feed {

/// Synthetic prices for any tickers: each step moves every price by a
/// whole number of basis points drawn uniformly from [-max_step_bps,
/// +max_step_bps], in integer arithmetic. The same seed gives the same
/// series on the same standard library.
class random_walk {
public:
  random_walk(std::vector<std::string> tickers, std::uint64_t seed,
              price start = *price::from_micros(100'000'000),
              std::int32_t max_step_bps = 100);

  /// The next step's quotes, stamped `now`.
  quote_batch next(timestamp now);

private:
  std::vector<std::string> tickers_;
  std::vector<price> prices_;
  std::mt19937_64 rng_;
  std::int32_t max_step_bps_;
};

} // namespace ledger::feed
