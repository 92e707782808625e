#include "core/execution.hpp"

namespace ledger {

namespace {

constexpr std::int64_t bps_per_unit = 10'000;

rejection reject(const order& o, reject_code code, std::string reason) {
  return rejection{o, code, std::move(reason)};
}

// Prices, fees and funds once the fill price is known: shared by model
// orders and reported trades.
trade_outcome settle(const book& b, const order& o, price fill_price,
                     std::optional<price> limit, const execution_rules& rules) {
  auto delta = cash_delta_of(o.direction, fill_price, o.shares, rules.fee);
  if (!delta)
    return reject(o, reject_code::invalid_trade,
                  "the trade's cash amount does not fit in an amount");
  auto cash_delta = delta->micros();
  if (o.direction == side::sell && b.shares(o.ticker) < o.shares.shares())
    return reject(o, reject_code::insufficient_holdings,
                  "selling " + std::to_string(o.shares.shares()) + " " +
                    o.ticker + " but holding " +
                    std::to_string(b.shares(o.ticker)));
  auto balance_after = checked_add(b.balance().micros(), cash_delta);
  if (!balance_after)
    return reject(o, reject_code::invalid_trade,
                  "the resulting balance does not fit in an amount");
  if (*balance_after < 0)
    return reject(o, reject_code::insufficient_funds,
                  "needs " + format_micros(-cash_delta) +
                    " but the balance is " + b.balance().to_string());
  return fill{o.direction,
              o.ticker,
              o.shares,
              fill_price,
              limit,
              rules.fee,
              money::from_micros(cash_delta)};
}

const price* quote_of(const price_map& quotes, const std::string& ticker) {
  auto i = quotes.find(ticker);
  return i == quotes.end() ? nullptr : &i->second;
}

} // namespace

bool execution_rules::tracks(std::string_view ticker) const {
  for (auto& t : tickers)
    if (t == ticker)
      return true;
  return false;
}

std::optional<money> cash_delta_of(side direction, price fill_price,
                                   quantity shares, money fee) {
  auto notional = checked_mul(fill_price.micros(), shares.shares());
  if (!notional)
    return std::nullopt;
  auto delta = direction == side::buy ? checked_add(*notional, fee.micros())
                                      : checked_sub(*notional, fee.micros());
  if (!delta)
    return std::nullopt;
  return money::from_micros(direction == side::buy ? -*delta : *delta);
}

std::optional<std::string> check_rules(const execution_rules& rules) {
  if (rules.slippage_bps < 0 || rules.slippage_bps >= bps_per_unit)
    return "slippage must be between 0 and 9999 basis points";
  if (rules.fee < money{})
    return "the fee must not be negative";
  if (rules.tolerance_bps < 0 || rules.tolerance_bps > bps_per_unit)
    return "the price tolerance must be between 0 and 10000 basis points";
  return std::nullopt;
}

std::optional<price> slipped_price(price quote, side direction,
                                   std::int32_t slippage_bps) {
  auto factor = direction == side::buy ? bps_per_unit + slippage_bps
                                       : bps_per_unit - slippage_bps;
  auto micros = scale_rounded(quote.micros(), factor, bps_per_unit);
  if (!micros)
    return std::nullopt;
  return price::from_micros(*micros);
}

trade_outcome execute(const book& b, const order& o, const price_map& snapshot,
                      const execution_rules& rules) {
  if (!rules.tracks(o.ticker))
    return reject(o, reject_code::unknown_ticker,
                  o.ticker + " is not tracked by this ledger");
  auto quote = quote_of(snapshot, o.ticker);
  if (quote == nullptr)
    return reject(o, reject_code::no_quote, "no price for " + o.ticker);
  auto fill_price = slipped_price(*quote, o.direction, rules.slippage_bps);
  if (!fill_price)
    return reject(o, reject_code::invalid_trade,
                  "the price after slippage is not a positive amount");
  if (o.price) {
    bool met = o.direction == side::buy ? *fill_price <= *o.price
                                        : *fill_price >= *o.price;
    if (!met)
      return reject(o, reject_code::limit_not_met,
                    "fill price " + fill_price->to_string() +
                      " does not meet the limit " + o.price->to_string());
  }
  return settle(b, o, *fill_price, o.price, rules);
}

std::vector<trade_outcome> apply_orders(book& b,
                                        const std::vector<order>& orders,
                                        const price_map& snapshot,
                                        const execution_rules& rules) {
  std::vector<trade_outcome> outcomes;
  outcomes.reserve(orders.size());
  for (auto& o : orders) {
    auto outcome = execute(b, o, snapshot, rules);
    if (auto f = std::get_if<fill>(&outcome))
      b.apply(*f);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

namespace {

// One reported trade against a scratch book.
trade_outcome decide_reported(const book& scratch, const order& o,
                              const price_map& quotes,
                              const execution_rules& rules) {
  if (!o.price)
    return execute(scratch, o, quotes, rules);
  if (!rules.tracks(o.ticker))
    return reject(o, reject_code::unknown_ticker,
                  o.ticker + " is not tracked by this ledger");
  if (auto quote = quote_of(quotes, o.ticker)) {
    // |reported - quote| * 10000 <= quote * tolerance, in 128 bits.
    __int128 gap = static_cast<__int128>(o.price->micros()) - quote->micros();
    if (gap < 0)
      gap = -gap;
    if (gap * bps_per_unit >
        static_cast<__int128>(quote->micros()) * rules.tolerance_bps)
      return reject(o, reject_code::price_off_market,
                    "reported price " + o.price->to_string() +
                      " is more than " + std::to_string(rules.tolerance_bps) +
                      " bps from the quote " + quote->to_string());
  }
  return settle(scratch, o, *o.price, std::nullopt, rules);
}

} // namespace

report_result apply_report(book& b, const std::vector<order>& trades,
                           const price_map& quotes,
                           const execution_rules& rules) {
  report_result result;
  book scratch = b;
  bool all_filled = true;
  for (auto& o : trades) {
    auto outcome = decide_reported(scratch, o, quotes, rules);
    if (auto f = std::get_if<fill>(&outcome))
      scratch.apply(*f);
    else
      all_filled = false;
    result.outcomes.push_back(std::move(outcome));
  }
  if (all_filled) {
    b = std::move(scratch);
    result.applied = true;
  }
  return result;
}

} // namespace ledger
