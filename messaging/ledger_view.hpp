#pragma once

// The JSON view of one ledger, as command replies carry it:
// {"name","tickers","algo_path","interval","end","status","first_started",
//  "balance","holding","value","last_tick","last_tick_at","initial_balance",
//  "slippage_bps","fee","tolerance_bps","calendar","created_at",
//  "backlogged"}.

#include "core/ledger_view.hpp"
#include "json/exact.hpp"
#include "messaging/wire_message.hpp"

#include <rapidjson/document.h>

namespace ledger::messaging {

/// Writes the view object. "end" is the lifespan in days, rounded to a
/// micro-day (86.4 ms); "interval" is format_interval's text. The identity
/// fields (incarnation, revision, pending_tick) stay inside the engine.
void write_ledger_view(json::writer& w, const ledger_view& v);

/// Reads a view written by write_ledger_view; identity fields are zero.
decoded<ledger_view> read_ledger_view(const json::document& doc,
                                      const rapidjson::Value& v);

} // namespace ledger::messaging
