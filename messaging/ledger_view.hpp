#pragma once

// The JSON view of one ledger, as command replies carry it:
// {"name","tickers","algo_path","interval","end","status","first_started",
//  "balance","holding","value","last_tick","last_tick_at","initial_balance",
//  "slippage_bps","fee","tolerance_bps","created_at","backlogged"}.

#include "core/ledger_record.hpp"
#include "core/money.hpp"
#include "json/exact.hpp"
#include "messaging/wire_message.hpp"

#include <rapidjson/document.h>

#include <optional>

namespace ledger::messaging {

/// What a view shows: the stored record plus what only the live ledger
/// knows (its value at the latest marks, whether persistence is behind).
struct ledger_summary {
  ledger_record record;
  std::optional<money> value; ///< null while a holding has no price
  bool backlogged = false;
  /// For view replies: the old view_ledger object as JSON text, sent as the
  /// reply's "view_ledger" member (ledgerctl view --json prints it). Not
  /// part of the view object itself; empty when absent.
  std::string view_ledger_json;
};

/// Writes the view object. "end" is the lifespan in days, rounded to a
/// micro-day (86.4 ms); "interval" is format_interval's text.
void write_ledger_view(json::writer& w, const ledger_summary& s);

/// Reads a view written by write_ledger_view.
decoded<ledger_summary> read_ledger_view(const json::document& doc,
                                         const rapidjson::Value& v);

} // namespace ledger::messaging
