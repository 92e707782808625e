#pragma once

// Assertions made from the database alone, shared by the engine tests.

#include "persistence/store.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace ledger::test {

// Checks, from the database alone, that every ledger's stored book equals
// the sums over its recorded trades, and that ticks run 1..N without a gap.
inline void check_invariant_in_database(persistence::store& db,
                                        const std::string& name) {
  auto record = db.find_ledger(name);
  BOOST_REQUIRE(record.has_value());
  std::int64_t cash = record->config.initial_balance.micros();
  holdings held;
  for (auto& row : db.trades(name, 0, 1'000'000)) {
    cash += row.trade.cash_delta.micros();
    auto notional = row.trade.fill_price.micros() * row.trade.shares.shares();
    auto expected_delta = row.trade.direction == side::buy
                            ? -(notional + row.trade.fee.micros())
                            : notional - row.trade.fee.micros();
    BOOST_REQUIRE_EQUAL(row.trade.cash_delta.micros(), expected_delta);
    held[row.trade.ticker] += row.trade.direction == side::buy
                                ? row.trade.shares.shares()
                                : -row.trade.shares.shares();
    BOOST_REQUIRE(cash >= 0);
    BOOST_REQUIRE(held[row.trade.ticker] >= 0);
  }
  for (auto i = held.begin(); i != held.end();)
    i = i->second == 0 ? held.erase(i) : std::next(i);
  BOOST_TEST(record->balance.micros() == cash);
  BOOST_TEST((record->positions == held));
  auto ticks = db.ticks(name);
  for (std::size_t i = 0; i < ticks.size(); ++i)
    BOOST_REQUIRE_EQUAL(ticks[i].tick, static_cast<std::int64_t>(i + 1));
  BOOST_TEST(record->last_tick == static_cast<std::int64_t>(ticks.size()));
}

inline std::size_t count_outcome(persistence::store& db,
                                 const std::string& name,
                                 tick_outcome outcome) {
  std::size_t n = 0;
  for (auto& t : db.ticks(name))
    n += t.outcome == outcome ? 1 : 0;
  return n;
}

} // namespace ledger::test
