#pragma once

#include "core/money.hpp"
#include "core/order.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ledger {

/// The standard rejection codes; models receive them as the SDK's
/// LedgerViolation subclasses.
enum class reject_code {
  unknown_ticker,
  invalid_trade,
  no_quote,
  insufficient_funds,
  insufficient_holdings,
  limit_not_met,
  price_off_market,
};

/// The wire spelling ("insufficient_funds").
std::string_view to_string(reject_code code);
std::optional<reject_code> parse_reject_code(std::string_view text);

/// An order that was filled: what the book changed by.
struct fill {
  side direction;
  std::string ticker;
  quantity shares;
  price fill_price;           ///< after slippage, or the reported price
  std::optional<price> limit; ///< the order's limit, when it had one
  money fee;                  ///< the ledger's fee per trade
  money cash_delta; ///< -(notional + fee) for buys, notional - fee for sells
};

/// An order that changed nothing, with the reason.
struct rejection {
  ledger::order order;
  reject_code code;
  std::string reason; ///< one human-readable sentence
};

using trade_outcome = std::variant<fill, rejection>;

} // namespace ledger
