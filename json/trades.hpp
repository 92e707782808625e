#pragma once

// Trades in the seed's format, {"type": "buy", "ticker": "AAPL",
// "price": 176, "quantity": 8}, shared by the REST views and the wire
// messages.

#include "core/order.hpp"
#include "core/outcome.hpp"

#include <string>
#include <variant>
#include <vector>

#include "json/exact.hpp"

namespace ledger::json {

/// {"type","ticker","quantity","price"?}
void write_order(writer& w, const order& o);

/// {"type","ticker","quantity","price" (the fill price),"fee","limit"?}
void write_fill(writer& w, const fill& f);

/// {"code","message","trade":{order}}
void write_rejection(writer& w, const rejection& r);

/// {"AAPL": 8, ...}
void write_holdings(writer& w, const holdings& h);

/// {"AAPL": 176.25, ...}
void write_prices(writer& w, const price_map& p);

/// Reads one trade strictly: an object with only type/ticker/quantity/
/// price; type buy|sell; ticker valid; quantity a whole number >= 1; price,
/// when present and not null, > 0 with at most 6 decimals. On failure the
/// sentence says what is wrong.
std::variant<order, std::string> read_order(const rapidjson::Value& v);

/// A list of trades (an array, or {"trades": [...]}); the first failure
/// names the trade's index.
std::variant<std::vector<order>, std::string>
read_orders(const rapidjson::Value& v);

/// {"code","message","trade"} as written by write_rejection.
std::variant<rejection, std::string> read_rejection(const rapidjson::Value& v);

/// {"type","ticker","quantity","price","fee","limit"?} as written by
/// write_fill; cash_delta is recomputed from them.
std::variant<fill, std::string> read_fill(const rapidjson::Value& v);

/// {"AAPL": 8} with positive whole numbers.
std::variant<holdings, std::string> read_holdings(const rapidjson::Value& v);

/// {"AAPL": 176.25} with positive prices.
std::variant<price_map, std::string> read_prices(const rapidjson::Value& v);

} // namespace ledger::json
