// The built-in algorithms: null never trades; random replays from the
// ledger's name and tick and stays within the book it was shown.

#include "tests/support/printers.hpp"
#include "worker/builtin_algorithms.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace ledger;
using namespace ledger::worker;

namespace {

price px(const char* text) {
  return *price::parse(text);
}

algo_request sample_book(std::string ledger, std::int64_t tick, money balance,
                         holdings held) {
  algo_request r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.algo = "builtin:random";
  r.balance = balance;
  r.positions = std::move(held);
  r.prices = {{"AAPL", px("176.25")},
              {"GOOG", px("141.8")},
              {"MSFT", px("410.5")},
              {"TINY", px("0.01")}};
  return r;
}

std::vector<order> run(const algo_request& r) {
  auto result = run_builtin(r.algo, r);
  BOOST_REQUIRE(std::holds_alternative<std::vector<order>>(result));
  return std::get<std::vector<order>>(result);
}

std::string text(const std::vector<order>& orders) {
  std::string out;
  for (auto& o : orders)
    out += std::string{to_string(o.direction)} + " " + o.ticker + " " +
           std::to_string(o.shares.shares()) + ";";
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(builtin_algorithms)

BOOST_AUTO_TEST_CASE(names) {
  BOOST_TEST(is_builtin("builtin:null"));
  BOOST_TEST(is_builtin("builtin:"));
  BOOST_TEST(!is_builtin("builtin"));
  BOOST_TEST(!is_builtin("buy_and_hold"));
  BOOST_TEST(!is_builtin("algos/builtin:null"));
  BOOST_TEST(builtin_names() == "builtin:null, builtin:random");
}

BOOST_AUTO_TEST_CASE(null_never_trades) {
  auto r = sample_book("l", 1, money::units(100000), {{"AAPL", 5}});
  r.algo = "builtin:null";
  for (std::int64_t tick = 1; tick <= 50; ++tick) {
    r.tick = tick;
    BOOST_TEST(run(r).empty());
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_builtin_names_the_known_ones) {
  auto r = sample_book("l", 1, money::units(1000), {});
  for (auto name : {"builtin:nul", "builtin:", "builtin:Random"}) {
    auto result = run_builtin(name, r);
    BOOST_REQUIRE(std::holds_alternative<std::string>(result));
    BOOST_TEST(std::get<std::string>(result) ==
                 "unknown built-in algorithm \"" + std::string{name} +
                   "\" (known: builtin:null, builtin:random)",
               name);
  }
}

BOOST_AUTO_TEST_CASE(random_replays_from_ledger_and_tick) {
  auto a = sample_book("alpha", 7, money::units(50000), {{"AAPL", 40}});
  BOOST_TEST(text(run(a)) == text(run(a)));
  std::set<std::string> by_tick, by_ledger;
  for (std::int64_t tick = 1; tick <= 40; ++tick) {
    a.tick = tick;
    by_tick.insert(text(run(a)));
    auto b = sample_book("ledger-" + std::to_string(tick), 7,
                         money::units(50000), {{"AAPL", 40}});
    by_ledger.insert(text(run(b)));
  }
  BOOST_TEST(by_tick.size() > 10u);
  BOOST_TEST(by_ledger.size() > 10u);
}

// Over many ticks and books: buys of one tick never cost more than the
// balance at the shown prices, sells never exceed the holding, only quoted
// tickers are traded -- and both buys and sells happen.
BOOST_AUTO_TEST_CASE(random_stays_within_the_book) {
  int buys = 0, sells = 0;
  for (std::int64_t tick = 1; tick <= 2000; ++tick) {
    auto balance = money::from_micros((tick * 7919 % 200000) * 1'000'000 +
                                      tick * 13 % 1'000'000);
    holdings held;
    if (tick % 3 != 0) {
      held = {{"ZZZZ", 9}}; // held but not quoted: never traded
      if (tick % 17 != 0)
        held["AAPL"] = tick % 17;
      if (tick % 5 != 0)
        held["MSFT"] = tick % 5;
    }
    auto r = sample_book("l" + std::to_string(tick % 7), tick, balance, held);
    std::int64_t spent = 0;
    for (auto& o : run(r)) {
      BOOST_REQUIRE(r.prices.count(o.ticker) == 1);
      BOOST_TEST(!o.price.has_value());
      if (o.direction == side::buy) {
        ++buys;
        spent += o.shares.shares() * r.prices.at(o.ticker).micros();
      } else {
        ++sells;
        auto h = held.find(o.ticker);
        BOOST_REQUIRE(h != held.end());
        BOOST_TEST(o.shares.shares() <= h->second);
      }
    }
    BOOST_TEST(spent <= balance.micros(), "tick " << tick);
  }
  BOOST_TEST(buys > 100);
  BOOST_TEST(sells > 100);
}

BOOST_AUTO_TEST_CASE(random_with_nothing_to_spend_or_sell_does_nothing) {
  for (std::int64_t tick = 1; tick <= 200; ++tick) {
    BOOST_TEST(run(sample_book("l", tick, money::units(0), {})).empty());
    BOOST_TEST(run(sample_book("l", tick, money::units(-5), {})).empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
