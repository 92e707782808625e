#pragma once

// The JSON the routes answer with. Money and prices are written exactly
// (json/exact.hpp); times are ISO 8601 UTC, except the seed's value-history
// keys ("YYYY-MM-DD HH:MM:SS").

#include "api/backend.hpp"
#include "api/http.hpp"
#include "json/exact.hpp"

#include <string>
#include <vector>

namespace ledger::api {

/// A ledger in the /v1 shape: configuration, status and book.
/// With `owner` (several nodes), also "owner": {"node", "shard", "http"}.
void write_ledger(json::writer& w, const ledger_view& info,
                  const std::optional<ledger_owner>& owner = std::nullopt);

/// One stored fill in the /v1 shape: id, tick, time and the fill.
void write_trade_row(json::writer& w, const persistence::trade_row& row);

/// One value point: tick, time, value, balance.
void write_valuation(json::writer& w, const persistence::valuation_row& row);

/// The members of a page read with ?after= and ?limit=: `key` holds the
/// rows, and "next" the `cursor` of the last one, the ?after= of the next
/// page, when the page is full (there may be more), else null.
template <class Row, class Cursor>
void write_page_members(json::writer& w, const char* key,
                        const std::vector<Row>& rows, std::size_t limit,
                        void (*write_row)(json::writer&, const Row&),
                        Cursor Row::*cursor) {
  w.Key(key);
  w.StartArray();
  for (auto& row : rows)
    write_row(w, row);
  w.EndArray();
  w.Key("next");
  if (rows.size() == limit)
    w.Int64(rows.back().*cursor);
  else
    w.Null();
}

/// view_ledger's {"trades", "holding", "value", "balance"}: seed-format
/// trades at their fill prices, value points keyed by second (the latest
/// point of a second wins, so keys stay unique).
std::string seed_view(const ledger_snapshot& snapshot);

/// The fills of an applied report: {"trades": [...]} plus `message` when
/// not empty.
std::string report_view(const report_result& result, std::string_view message);

/// 422 for a report with a violating trade: every trade's code ("ok" for
/// those that would have filled) under error.trades; nothing applied.
response rejected_report(const report_result& result);

/// The response for a failed engine call: 404 unknown ledger, 409 name
/// taken / invalid transition / holding mismatch (naming the computed
/// holdings), 400 invalid configuration, 503 database or algorithm away or
/// a timeout, 500 otherwise.
response failure_response(const failure& f);

/// Runs `write` on a fresh writer and returns the text.
template <class Write>
std::string to_json(Write&& write) {
  rapidjson::StringBuffer buffer;
  json::writer w{buffer};
  write(w);
  return std::string{buffer.GetString(), buffer.GetSize()};
}

} // namespace ledger::api
