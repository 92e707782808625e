// store::facts reads a ledger's whole record, page after page, into the
// statistics: more points and fills than one page holds are all counted,
// a window keeps only its own, tallies come from the database, and another
// ledger's facts never leak in.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

using namespace ledger;
using namespace ledger::test;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000; // epoch micros
constexpr std::int64_t minute = 60'000'000;
// Past two pages of 10,000 rows: a cap or a lost page shows.
constexpr int records = 25'001;

ledger_record ledger_named(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = "a.py";
  c.interval = std::chrono::minutes{1};
  return new_ledger_record(std::move(c), at(t0));
}

// Tick n: value 1000 + n, all cash but the odd ticks' one share; every
// tick buys one share at 10 and every odd tick sells one at 12 (a win, fees
// of 0.5 each way).
tick_record record(const std::string& ledger, int n) {
  tick_record r;
  r.ledger = ledger;
  r.tick = n;
  r.time = at(t0 + n * minute);
  r.fills.push_back(fill{
    side::buy, "AAPL", shares(1), px("10"), {}, cash("0.5"), cash("-10.5")});
  if (n % 2 == 1)
    r.fills.push_back(fill{
      side::sell, "AAPL", shares(1), px("12"), {}, cash("0.5"), cash("11.5")});
  if (n % 3 == 0)
    r.rejections.push_back(rejection{order{side::buy, "MSFT", shares(1), {}},
                                     reject_code::unknown_ticker,
                                     "not tracked"});
  r.value = money::units(1000 + n);
  r.balance = money::units(1000 + n);
  return r;
}

struct long_ledger : migrated_store {
  long_ledger() {
    BOOST_REQUIRE(s.create_ledger(ledger_named("long")));
    BOOST_REQUIRE(s.create_ledger(ledger_named("other")));
    std::vector<tick_record> batch;
    for (int n = 1; n <= records; ++n) {
      batch.push_back(record("long", n));
      if (batch.size() == 5000 || n == records) {
        BOOST_REQUIRE(s.write_ticks(batch) == batch.size());
        batch.clear();
      }
    }
    for (int n = 1; n <= 10; ++n)
      batch.push_back(record("other", n));
    BOOST_REQUIRE(s.write_ticks(batch) == batch.size());
  }

  persistence::facts_request whole() const {
    persistence::facts_request q;
    q.settings.interval = std::chrono::minutes{1};
    return q;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(stat_reads, long_ledger)

BOOST_AUTO_TEST_CASE(the_whole_record_is_read_past_every_page) {
  auto started = std::chrono::steady_clock::now();
  auto facts = s.facts("long", whole());
  BOOST_TEST_MESSAGE("facts of "
                     << records << " ticks in "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count()
                     << " ms");
  auto& st = facts.stats;
  BOOST_TEST(st.points == std::uint64_t{records});
  BOOST_TEST(facts.value.points() == std::uint64_t{records});
  BOOST_TEST((facts.value.first() == money::units(1001)));
  BOOST_TEST((facts.value.last() == money::units(1000 + records)));
  // 25,001 buys and 12,501 sells, each sell closing the oldest lot (a win).
  BOOST_TEST(st.fills == std::uint64_t{records + (records + 1) / 2});
  BOOST_TEST(st.round_trips == std::uint64_t{(records + 1) / 2});
  BOOST_TEST(st.winning_round_trips == st.round_trips);
  BOOST_TEST((st.fees == money::from_micros(500'000 * st.fills)));
  BOOST_TEST((st.first_time == at(t0 + minute)));
  BOOST_TEST((st.last_time == at(t0 + records * minute)));
  BOOST_TEST(*st.total_return == (records - 1) / 1001.0,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(*st.exposure == 0.0);
  BOOST_TEST(*st.max_drawdown == 0.0);
  BOOST_TEST(facts.ticks.at("ok") == std::uint64_t{records});
  BOOST_TEST(facts.ticks.size() == 1u);
  BOOST_TEST(facts.rejections.at("unknown_ticker") ==
             std::uint64_t{records / 3});
}

BOOST_AUTO_TEST_CASE(a_window_keeps_its_own_points_and_fills) {
  auto q = whole();
  q.from = at(t0 + 100 * minute);
  q.to = at(t0 + 199 * minute);
  q.tallies = false;
  auto facts = s.facts("long", q);
  BOOST_TEST(facts.stats.points == 100u);
  // Ticks 100..199: 100 buys, 50 sells (the odd ones), each closing a lot
  // bought within the window.
  BOOST_TEST(facts.stats.fills == 150u);
  BOOST_TEST(facts.stats.round_trips == 50u);
  BOOST_TEST((facts.stats.first_time == at(t0 + 100 * minute)));
  BOOST_TEST((facts.value.first() == money::units(1100)));
  BOOST_TEST((facts.value.last() == money::units(1199)));
  BOOST_TEST(facts.ticks.empty());
  BOOST_TEST(facts.rejections.empty());
}

BOOST_AUTO_TEST_CASE(other_ledgers_and_unknown_names) {
  auto other = s.facts("other", whole());
  BOOST_TEST(other.stats.points == 10u);
  BOOST_TEST(other.stats.fills == 15u);
  BOOST_TEST(other.ticks.at("ok") == 10u);
  auto nobody = s.facts("nobody", whole());
  BOOST_TEST(nobody.stats.points == 0u);
  BOOST_TEST(nobody.ticks.empty());
  BOOST_TEST(!nobody.stats.total_return);
}

BOOST_AUTO_TEST_SUITE_END()
