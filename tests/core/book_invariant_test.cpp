// Randomized: thousands of random orders on random books, checking after
// every step that the book equals what the recorded fills say it must be.

#include "core/book.hpp"
#include "core/execution.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <random>

using namespace ledger;
using namespace ledger::test;

namespace {

std::uint64_t test_seed() {
  // LEDGER_TEST_SEED reproduces a failure printed by an earlier run.
  if (auto env = std::getenv("LEDGER_TEST_SEED"))
    return std::strtoull(env, nullptr, 10);
  return std::random_device{}();
}

const char* const tickers[] = {"AAPL", "GOOG", "MSFT", "AMZN", "IBM"};

} // namespace

BOOST_AUTO_TEST_SUITE(book_invariant)

BOOST_AUTO_TEST_CASE(random_orders_keep_the_books_exact) {
  auto seed = test_seed();
  BOOST_TEST_MESSAGE("LEDGER_TEST_SEED=" << seed);
  std::mt19937_64 rng{seed};
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>{lo, hi}(rng);
  };
  constexpr int books = 50;
  constexpr int orders_per_book = 400; // 20,000 orders in all
  int filled = 0;
  int rejected = 0;
  for (int n = 0; n < books; ++n) {
    auto initial = money::from_micros(pick(0, 200'000'000'000)); // 0 - 200k
    execution_rules rules = rules_for({"AAPL", "GOOG", "MSFT", "AMZN"});
    rules.slippage_bps = static_cast<std::int32_t>(pick(0, 300));
    rules.fee = money::from_micros(pick(0, 5'000'000));
    book b{initial};
    // Running sums from the fills alone.
    std::int64_t bought_cash = 0, sold_cash = 0, fees = 0;
    holdings expected;
    for (int i = 0; i < orders_per_book; ++i) {
      price_map snapshot;
      for (auto t : tickers)
        if (pick(0, 9) > 0) // sometimes a ticker has no quote
          snapshot.emplace(t, *price::from_micros(pick(1, 2'000'000'000)));
      auto direction = pick(0, 1) ? side::buy : side::sell;
      std::optional<price> limit;
      if (pick(0, 3) == 0)
        limit = price::from_micros(pick(1, 2'000'000'000));
      order o{direction, tickers[pick(0, 4)], *quantity::make(pick(1, 500)),
              limit};
      auto outcome = apply_orders(b, {o}, snapshot, rules).front();
      if (auto f = std::get_if<fill>(&outcome)) {
        ++filled;
        auto notional = f->fill_price.micros() * f->shares.shares();
        fees += f->fee.micros();
        if (f->direction == side::buy) {
          bought_cash += notional;
          expected[f->ticker] += f->shares.shares();
        } else {
          sold_cash += notional;
          expected[f->ticker] -= f->shares.shares();
        }
      } else {
        ++rejected;
      }
      BOOST_REQUIRE(b.balance().micros() >= 0);
      BOOST_REQUIRE(b.balance().micros() ==
                    initial.micros() - bought_cash + sold_cash - fees);
      for (auto t : tickers) {
        auto want = expected.count(t) ? expected.at(t) : 0;
        BOOST_REQUIRE(want >= 0);
        BOOST_REQUIRE_EQUAL(b.shares(t), want);
      }
    }
  }
  BOOST_TEST_MESSAGE(filled << " filled, " << rejected << " rejected");
  // Both paths must have been exercised for the check to mean anything.
  BOOST_TEST(filled > 1000);
  BOOST_TEST(rejected > 1000);
}

BOOST_AUTO_TEST_CASE(book_refuses_a_fill_that_would_go_negative) {
  book b{money::units(10)};
  fill overdraw{side::buy,    "AAPL",  *quantity::make(1), px("11"),
                std::nullopt, money{}, money::units(-11)};
  BOOST_CHECK_THROW(b.apply(overdraw), std::logic_error);
  fill short_sale{side::sell,   "AAPL",  *quantity::make(1), px("11"),
                  std::nullopt, money{}, money::units(11)};
  BOOST_CHECK_THROW(b.apply(short_sale), std::logic_error);
  BOOST_TEST(b.balance() == money::units(10));
  BOOST_TEST(b.positions().empty());
}

BOOST_AUTO_TEST_SUITE_END()
