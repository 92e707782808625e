#pragma once

// The latest price of every ticker, readable from any thread without a
// message: the market actor publishes a new immutable map after quotes
// change, and a ledger reads it at each tick. A snapshot round trip to the
// market actor per tick was two messages of ten thousand ticks a second.

#include "core/order.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ledger {

class quote_board {
public:
  quote_board();

  /// The prices of `tickers` that have one (others are absent).
  price_map snapshot(const std::vector<std::string>& tickers) const;

  /// Replaces every price at once (the market actor, after quotes).
  void publish(std::shared_ptr<const price_map> prices);

private:
  std::shared_ptr<const price_map> current_; ///< atomic_load / atomic_store
};

} // namespace ledger
