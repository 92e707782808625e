#pragma once

#include "core/book.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger {

/// How a ledger fills orders. Checked by `check_rules` before use.
struct execution_rules {
  /// The ledger's tracked tickers: a few, so a vector scans faster and
  /// costs less memory per ledger than a set.
  std::vector<std::string> tickers;
  std::int32_t slippage_bps = 0; ///< moves fills against the trader, [0, 10000)
  money fee;                     ///< charged per filled trade, >= 0
  std::int32_t tolerance_bps = 500; ///< reported price vs quote, [0, 10000]

  /// True when `ticker` is one of the tracked tickers.
  bool tracks(std::string_view ticker) const;
};

/// Why the rules are unusable, or nullopt when they are fine.
std::optional<std::string> check_rules(const execution_rules& rules);

/// The price a market order fills at: the quote moved by slippage against
/// the trader (up for buys, down for sells), rounded half away from zero to
/// a micro-unit. nullopt when the result is not a positive price.
std::optional<price> slipped_price(price quote, side direction,
                                   std::int32_t slippage_bps);

/// What a fill does to the balance: -(notional + fee) for a buy,
/// notional - fee for a sell; nullopt when an amount does not fit.
std::optional<money> cash_delta_of(side direction, price fill_price,
                                   quantity shares, money fee);

/// Decides one order against the book and the tick's snapshot without
/// changing anything. Checks, in order: unknown_ticker, no_quote,
/// limit_not_met, invalid_trade (amounts that overflow), then
/// insufficient_holdings / insufficient_funds.
trade_outcome execute(const book& b, const order& o, const price_map& snapshot,
                      const execution_rules& rules);

/// Applies a model's orders in sequence, each accepted or rejected on its
/// own; accepted ones change the book before the next is decided.
std::vector<trade_outcome> apply_orders(book& b,
                                        const std::vector<order>& orders,
                                        const price_map& snapshot,
                                        const execution_rules& rules);

/// Outcome of a report of trades executed elsewhere (update_ledger).
struct report_result {
  bool applied = false;                ///< all filled, book changed
  std::vector<trade_outcome> outcomes; ///< one per reported trade, in order
};

/// Applies reported trades all or nothing. A trade with a price fills at
/// that price, checked against the quote (price_off_market beyond the
/// tolerance) when there is one; a trade without a price fills at the quote
/// with slippage (no_quote when none). If any trade is rejected, the book
/// is left untouched and every outcome is returned so each can be reported.
report_result apply_report(book& b, const std::vector<order>& trades,
                           const price_map& quotes,
                           const execution_rules& rules);

} // namespace ledger
