#pragma once

#include "actors/interfaces.hpp"

#include <map>
#include <string>

namespace ledger {

/// The latest quote of one ticker.
struct quote_entry {
  price last;
  timestamp time;
};

struct market_state {
  std::map<std::string, quote_entry, std::less<>> quotes;
  static inline const char* name = "market";
};

/// The quote cache. A quote older than the one held is ignored, so a feed
/// replaying out of order cannot move prices back.
market_actor::behavior_type
market(market_actor::stateful_pointer<market_state> self);

} // namespace ledger
