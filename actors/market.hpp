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

/// How the quote cache treats quote times.
struct market_options {
  /// Keep a held quote when a newer-arriving one carries an older time.
  /// Off by default: a replay that loops starts again from old dates, and
  /// the latest arrival is the price ledgers should see.
  bool ignore_older = false;
};

struct market_state {
  std::map<std::string, quote_entry, std::less<>> quotes;
  static inline const char* name = "market";
};

/// The quote cache: the latest quote per ticker.
market_actor::behavior_type
market(market_actor::stateful_pointer<market_state> self,
       market_options options);

} // namespace ledger
