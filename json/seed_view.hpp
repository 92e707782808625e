#pragma once

// The old Flask service's view_ledger object, which users' scripts parse:
// {"trades": [...], "holding": {...}, "value": {"YYYY-MM-DD HH:MM:SS": v},
//  "balance": n}. Shared by the REST route and ledgerctl's view --json.

#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"
#include "json/exact.hpp"

#include <utility>
#include <vector>

namespace ledger::json {

/// One value point: when, and the ledger's value then.
using value_point = std::pair<timestamp, money>;

/// Trades in the seed format at their fill prices; value points keyed by
/// their time as the seed spelled it (format_seed_time: microseconds only
/// when there are some, so ticks within one second keep their own keys).
void write_seed_view(writer& w, const std::vector<fill>& trades,
                     const holdings& holding,
                     const std::vector<value_point>& values, money balance);

} // namespace ledger::json
