#pragma once

// Trades in the seed's format, {"type": "buy", "ticker": "AAPL",
// "price": 176, "quantity": 8}, shared by the REST views and the wire
// messages.

#include "core/order.hpp"
#include "core/outcome.hpp"
#include "json/document.hpp"
#include "json/exact.hpp"

#include <string>
#include <vector>

namespace ledger::json {

/// {"type","ticker","quantity","price"?}
void write_order(writer& w, const order& o);

/// {"type","ticker","quantity","price" (the fill price),"fee","limit"?}
void write_fill(writer& w, const fill& f);

/// write_fill's members, inside an object the caller opened (a stored fill
/// adds its id, tick and time).
void write_fill_members(writer& w, const fill& f);

/// {"code","message","trade":{order}}
void write_rejection(writer& w, const rejection& r);

/// Arrays of the above, as read_fill_list and read_rejection_list read them.
void write_fill_list(writer& w, const std::vector<fill>& fills);
void write_rejection_list(writer& w, const std::vector<rejection>& rejections);

/// {"AAPL": 8, ...}
void write_holdings(writer& w, const holdings& h);

/// {"AAPL": 176.25, ...}
void write_prices(writer& w, const price_map& p);

// Readers. Each checks JSON types through the document (a ticker is a
// JSON string of clean text, a quantity a JSON number) and values through
// core/; the sentence on failure names what is wrong.

/// One trade: an object with only type/ticker/quantity/price; type buy or
/// sell; ticker valid; quantity a whole number >= 1; price, when present
/// and not null, an amount > 0 (a number or a numeric string).
decoded<order> read_order(const document& doc, const rapidjson::Value& v);

/// An array of trades; the first failure names the trade's index.
decoded<std::vector<order>> read_order_list(const document& doc,
                                            const rapidjson::Value& v);

/// A list of trades as the seed's clients send it: an array, or
/// {"trades": [...]} with no other member.
decoded<std::vector<order>> read_orders(const document& doc,
                                        const rapidjson::Value& v);

/// {"code","message","trade"} as written by write_rejection.
decoded<rejection> read_rejection(const document& doc,
                                  const rapidjson::Value& v);

/// {"type","ticker","quantity","price","fee","limit"?} as written by
/// write_fill; cash_delta is recomputed by core (cash_delta_of).
decoded<fill> read_fill(const document& doc, const rapidjson::Value& v);

/// Arrays of the above; the error names the index.
decoded<std::vector<fill>> read_fill_list(const document& doc,
                                          const rapidjson::Value& v);
decoded<std::vector<rejection>> read_rejection_list(const document& doc,
                                                    const rapidjson::Value& v);

/// {"AAPL": 8} with whole numbers >= 0 (zeros are dropped).
decoded<holdings> read_holdings(const document& doc, const rapidjson::Value& v);

/// The holdings a reporter states its trades leave (update_ledger's
/// "holding"): whole numbers, negative ones kept, so the engine judges the
/// trades first and names the negative count only when they are valid.
decoded<holdings> read_stated_holdings(const document& doc,
                                       const rapidjson::Value& v);

/// {"AAPL": 176.25} with amounts > 0.
decoded<price_map> read_prices(const rapidjson::Value& v);

} // namespace ledger::json
