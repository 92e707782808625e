#pragma once

#include "actors/interfaces.hpp"
#include "actors/quote_board.hpp"

#include <map>
#include <memory>
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
  /// Where every change of prices is published for ledgers to read
  /// without a message, when set.
  std::shared_ptr<quote_board> board;
};

struct market_state {
  std::map<std::string, quote_entry, std::less<>> quotes;
  bool publish_pending = false; ///< a board publish is on its way
  static inline const char* name = "market";
};

/// The quote cache: the latest quote per ticker.
market_actor::behavior_type
market(market_actor::stateful_pointer<market_state> self,
       market_options options);

} // namespace ledger
