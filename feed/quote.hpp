#pragma once

#include "core/lifecycle.hpp"
#include "core/price.hpp"

#include <string>
#include <vector>

namespace ledger::feed {

/// One price of one ticker at one time, as the feed publishes it.
struct quote {
  std::string ticker;
  timestamp time;
  price last;
};

/// What one step of a feed publishes: a date's quotes, in file order.
using quote_batch = std::vector<quote>;

} // namespace ledger::feed
