// The ledgers table: create, find, list, delete, status.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <string>

using namespace ledger;
using namespace std::chrono_literals;
using persistence::store;
using namespace ledger::test;

namespace {

ledger_record sample_ledger(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL", "BRK.B", "^GSPC"};
  c.algo_path = "examples/momentum.py";
  c.interval = 1500ms;
  c.lifespan = std::chrono::hours{24 * 30};
  c.initial_balance = cash("96485.5");
  c.slippage_bps = 7;
  c.fee = cash("1.25");
  c.tolerance_bps = 250;
  return new_ledger_record(std::move(c), at(1'700'000'000'123'456, 789));
}

void check_same(const ledger_record& got, const ledger_record& want) {
  BOOST_TEST(got.config.name == want.config.name);
  BOOST_TEST(got.config.tickers == want.config.tickers);
  BOOST_TEST(got.config.algo_path == want.config.algo_path);
  BOOST_TEST(got.config.interval.count() == want.config.interval.count());
  BOOST_TEST(got.config.lifespan.count() == want.config.lifespan.count());
  BOOST_TEST(got.config.initial_balance.to_string() ==
             want.config.initial_balance.to_string());
  BOOST_TEST(got.config.slippage_bps == want.config.slippage_bps);
  BOOST_TEST(got.config.fee.to_string() == want.config.fee.to_string());
  BOOST_TEST(got.config.tolerance_bps == want.config.tolerance_bps);
  BOOST_TEST(to_string(got.config.calendar) == to_string(want.config.calendar));
  BOOST_TEST(to_string(got.status) == to_string(want.status));
  BOOST_TEST(got.first_started.has_value() == want.first_started.has_value());
  if (got.first_started && want.first_started)
    BOOST_TEST((*got.first_started == floored(*want.first_started)));
  BOOST_TEST(got.balance.to_string() == want.balance.to_string());
  BOOST_TEST((got.positions == want.positions));
  BOOST_TEST(got.last_tick == want.last_tick);
  BOOST_TEST(got.last_tick_at.has_value() == want.last_tick_at.has_value());
  if (got.last_tick_at && want.last_tick_at)
    BOOST_TEST((*got.last_tick_at == floored(*want.last_tick_at)));
  BOOST_TEST((got.created_at == floored(want.created_at)));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(ledgers, migrated_store)

BOOST_AUTO_TEST_CASE(a_created_ledger_is_found_exactly) {
  auto r = sample_ledger("alpha");
  BOOST_TEST(s.create_ledger(r));
  auto got = s.find_ledger("alpha");
  BOOST_REQUIRE(got);
  check_same(*got, r);
  BOOST_TEST(got->balance.to_string() == "96485.5");
  BOOST_TEST(!s.find_ledger("beta").has_value());
}

BOOST_AUTO_TEST_CASE(a_market_calendar_round_trips_and_none_is_null) {
  auto weekdays = sample_ledger("weekdays");
  weekdays.config.calendar = market_calendar::xnys;
  BOOST_TEST(s.create_ledger(weekdays));
  BOOST_TEST(s.create_ledger(sample_ledger("always")));
  check_same(*s.find_ledger("weekdays"), weekdays);
  BOOST_TEST(
    (s.find_ledger("always")->config.calendar == market_calendar::none));
  pqxx::connection conn{db.url()};
  pqxx::nontransaction tx{conn};
  BOOST_TEST(tx.exec1("SELECT count(*) FROM ledgers WHERE calendar IS NULL")[0]
               .as<int>() == 1);
  BOOST_TEST(tx.exec1("SELECT calendar FROM ledgers WHERE name = 'weekdays'")[0]
               .as<std::string>() == "XNYS");
  // Its closed ticks are stored and read back under their own outcome.
  tick_record closed;
  closed.ledger = "weekdays";
  closed.tick = 1;
  closed.time = at(1'717'891'200'000'000);
  closed.outcome = tick_outcome::market_closed;
  closed.detail = "XNYS closed: weekend";
  closed.balance = weekdays.balance;
  BOOST_TEST(s.write_ticks({closed}) == 1u);
  auto ticks = s.ticks("weekdays");
  BOOST_REQUIRE(ticks.size() == 1u);
  BOOST_TEST((ticks[0].outcome == tick_outcome::market_closed));
  BOOST_TEST(ticks[0].detail == "XNYS closed: weekend");
  // The column takes only the names the engine knows.
  BOOST_CHECK_THROW(
    tx.exec0("UPDATE ledgers SET calendar = 'XLON' WHERE name = 'always'"),
    pqxx::check_violation);
}

BOOST_AUTO_TEST_CASE(a_full_record_round_trips) {
  // Every optional field set, as a restored ledger would have them.
  auto r = sample_ledger("restored");
  r.status = ledger_status::running;
  r.first_started = at(1'700'000'100'000'001, 999);
  r.balance = cash("1455.219971");
  r.positions = {{"AAPL", 8}, {"BRK.B", 3}};
  r.last_tick = 42;
  r.last_tick_at = at(-86'400'000'000 + 5, 1); // before the epoch too
  BOOST_TEST(s.create_ledger(r));
  auto got = s.find_ledger("restored");
  BOOST_REQUIRE(got);
  check_same(*got, r);
}

BOOST_AUTO_TEST_CASE(a_taken_name_is_refused) {
  BOOST_TEST(s.create_ledger(sample_ledger("alpha")));
  auto again = sample_ledger("alpha");
  again.config.algo_path = "other.py";
  BOOST_TEST(!s.create_ledger(again));
  BOOST_TEST(s.find_ledger("alpha")->config.algo_path ==
             "examples/momentum.py");
}

BOOST_AUTO_TEST_CASE(listing_pages_by_name) {
  for (auto name : {"delta", "Alpha", "bravo", "charlie", "alpha", "a.b-c_d"})
    BOOST_TEST(s.create_ledger(sample_ledger(name)));
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto rows = s.list_ledgers(after, 4);
    BOOST_TEST(rows.size() <= 4u);
    if (rows.empty())
      break;
    for (auto& r : rows)
      seen.push_back(r.config.name);
    after = rows.back().config.name;
  }
  // Bytewise: upper case before lower case, '.' before letters.
  std::vector<std::string> want{"Alpha", "a.b-c_d", "alpha",
                                "bravo", "charlie", "delta"};
  BOOST_TEST(seen == want, boost::test_tools::per_element());
  BOOST_TEST(s.list_ledgers("charlie").size() == 1u);
  BOOST_TEST(s.list_ledgers("", 0).empty());
  BOOST_TEST(s.list_ledgers().size() == 6u);
}

BOOST_AUTO_TEST_CASE(delete_removes_and_reports_unknown) {
  BOOST_TEST(s.create_ledger(sample_ledger("alpha")));
  BOOST_TEST(s.create_ledger(sample_ledger("beta")));
  BOOST_TEST(s.delete_ledger("alpha"));
  BOOST_TEST(!s.find_ledger("alpha").has_value());
  BOOST_TEST(s.find_ledger("beta").has_value());
  BOOST_TEST(!s.delete_ledger("alpha"));
  BOOST_TEST(!s.delete_ledger("never"));
  // The name is free again.
  BOOST_TEST(s.create_ledger(sample_ledger("alpha")));
}

BOOST_AUTO_TEST_CASE(status_round_trips) {
  BOOST_TEST(s.create_ledger(sample_ledger("alpha")));
  auto started = at(1'700'000'200'000'000, 123);
  BOOST_TEST(s.update_status("alpha", ledger_status::running, started));
  auto got = s.find_ledger("alpha");
  BOOST_TEST(to_string(got->status) == "running");
  BOOST_REQUIRE(got->first_started);
  BOOST_TEST((*got->first_started == floored(started)));

  // No first_started given: the stored origin stays.
  BOOST_TEST(s.update_status("alpha", ledger_status::stopped, std::nullopt));
  got = s.find_ledger("alpha");
  BOOST_TEST(to_string(got->status) == "stopped");
  BOOST_REQUIRE(got->first_started);
  BOOST_TEST((*got->first_started == floored(started)));

  BOOST_TEST(s.update_status("alpha", ledger_status::finished, started));
  BOOST_TEST(to_string(s.find_ledger("alpha")->status) == "finished");
  BOOST_TEST(!s.update_status("nobody", ledger_status::running, started));
}

BOOST_AUTO_TEST_SUITE_END()
