#pragma once

// Short constructors for domain values in tests; they assert validity so a
// typo in a test fails loudly instead of building an empty optional.

#include "core/execution.hpp"
#include "core/ledger_state.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/price.hpp"
#include "core/quantity.hpp"
#include "core/tick_record.hpp"
#include "tests/support/printers.hpp"

#include <ostream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace ledger::test {

/// The algorithm's answer to `req`: these orders.
inline algo_reply reply_for(const algo_request& req,
                            std::vector<order> orders) {
  algo_reply r;
  r.ledger = req.ledger;
  r.tick = req.tick;
  r.orders = std::move(orders);
  return r;
}

inline price px(const char* text) {
  auto p = price::parse(text);
  if (!p)
    throw std::invalid_argument(std::string{"bad price "} + text);
  return *p;
}

inline money cash(const char* text) {
  auto m = money::parse(text);
  if (!m)
    throw std::invalid_argument(std::string{"bad money "} + text);
  return *m;
}

inline order buy(const char* ticker, std::int64_t shares,
                 std::optional<price> limit = std::nullopt) {
  return order{side::buy, ticker, *quantity::make(shares), limit};
}

inline order sell(const char* ticker, std::int64_t shares,
                  std::optional<price> limit = std::nullopt) {
  return order{side::sell, ticker, *quantity::make(shares), limit};
}

inline execution_rules rules_for(std::initializer_list<const char*> tickers) {
  execution_rules rules;
  for (auto t : tickers)
    rules.tickers.push_back(t);
  return rules;
}

inline const fill& as_fill(const trade_outcome& outcome) {
  if (auto f = std::get_if<fill>(&outcome))
    return *f;
  throw std::logic_error(
    "expected a fill, got " +
    std::string{to_string(std::get<rejection>(outcome).code)});
}

inline reject_code code_of(const trade_outcome& outcome) {
  if (auto r = std::get_if<rejection>(&outcome))
    return r->code;
  throw std::logic_error("expected a rejection, got a fill");
}

} // namespace ledger::test
