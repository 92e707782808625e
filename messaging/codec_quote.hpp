#pragma once

// Quotes (feed -> engine) on the market.quotes topic exchange, routing key
// = ticker: {"v":1,"ticker":"AAPL","price":176.25,"time":"...Z"}.

#include "core/lifecycle.hpp"
#include "core/price.hpp"
#include "messaging/wire_message.hpp"

#include <string>
#include <string_view>

namespace ledger::messaging {

/// One price observation of one ticker.
struct quote {
  std::string ticker;
  ledger::price price;
  timestamp time;
};

std::string encode_quote(const quote& q);

/// Strict: a valid ticker, a positive exact price, an ISO 8601 time.
/// Unknown members are ignored.
decoded<quote> decode_quote(std::string_view body);

} // namespace ledger::messaging
