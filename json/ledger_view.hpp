#pragma once

// The members every view of a ledger carries, shared by the REST /v1 view
// and the wire view of command replies, so the two cannot drift apart.

#include "core/ledger_view.hpp"
#include "json/exact.hpp"

namespace ledger::json {

/// Writes, inside an object the caller opened: name, tickers, algo_path,
/// interval, end (days, six decimals), status, first_started, balance,
/// holding, value, last_tick, last_tick_at, initial_balance, slippage_bps,
/// fee, tolerance_bps, calendar, created_at, backlogged. Absent times,
/// values and calendars are null.
void write_ledger_members(writer& w, const ledger_view& v);

} // namespace ledger::json
