// A ledger with a market calendar in the whole engine: while its market is
// closed its ticks are recorded as market_closed in Postgres and its model
// is never called; from the session's first second it is.

#include "core/calendar.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/actors/engine_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

using calls = std::map<std::string, std::size_t>;

// Counts the requests each ledger's model receives; orders nothing.
inprocess_algorithm counting(std::shared_ptr<calls> seen) {
  return [seen](const algo_request& r) {
    ++(*seen)[r.ledger];
    return algo_reply{};
  };
}

ledger_config xnys(const std::string& name) {
  auto c = test_config(name);
  c.calendar = market_calendar::xnys;
  return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(market_hours_engine)

BOOST_AUTO_TEST_CASE(a_closed_market_records_ticks_without_asking) {
  engine_fixture f;
  // The fixture's clock starts on Sunday 2025-06-15, 15:06:40 UTC.
  auto day =
    std::chrono::floor<std::chrono::hours>(f.now().time_since_epoch()).count() /
    24;
  BOOST_TEST_REQUIRE(weekday_of(day) == 0);
  auto seen = std::make_shared<calls>();
  f.boot(counting(seen));
  f.quote("AAPL", "176");
  f.quote("GOOG", "112.5");
  auto view =
    f.ask<ledger_view>(f.registry, atom::create::value, xnys("weekdays"), true);
  BOOST_TEST((view.record.config.calendar == market_calendar::xnys));
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("always"),
                     true);
  f.advance(4s + 500ms); // ticks at 0s .. 4s
  f.flush();
  auto ticks = f.reader.ticks("weekdays");
  BOOST_REQUIRE_EQUAL(ticks.size(), 5u);
  for (auto& t : ticks) {
    BOOST_TEST((t.outcome == tick_outcome::market_closed));
    BOOST_TEST(t.detail == "XNYS closed: weekend");
  }
  BOOST_TEST(seen->count("weekdays") == 0u);
  // No value points while closed: the series keeps to the sessions.
  BOOST_TEST(f.reader.valuations("weekdays").empty());
  // The ledger beside it, without a calendar, asked its model every tick.
  BOOST_TEST(count_outcome(f.reader, "always", tick_outcome::ok) == 5u);
  BOOST_TEST(seen->at("always") == 5u);
  // The calendar survives in the stored configuration.
  BOOST_TEST((f.reader.find_ledger("weekdays")->config.calendar ==
              market_calendar::xnys));
}

BOOST_AUTO_TEST_CASE(the_model_is_asked_from_0930_new_york_time) {
  engine_fixture f;
  // Monday 2025-06-16, 09:29:58 in New York (EDT, 13:29:58 UTC).
  auto monday = *utc_midnight(2025, 6, 16) + 13h + 29min + 58s;
  f.downtime(
    std::chrono::duration_cast<std::chrono::milliseconds>(monday - f.now()));
  BOOST_TEST_REQUIRE((f.now() == monday));
  auto seen = std::make_shared<calls>();
  f.boot(counting(seen));
  f.quote("AAPL", "176");
  f.ask<ledger_view>(f.registry, atom::create::value, xnys("opening"), true);
  f.advance(3s + 500ms); // ticks at 09:29:58, :59, 09:30:00, :01
  f.flush();
  auto ticks = f.reader.ticks("opening");
  BOOST_REQUIRE_EQUAL(ticks.size(), 4u);
  BOOST_TEST((ticks[0].outcome == tick_outcome::market_closed));
  BOOST_TEST((ticks[1].outcome == tick_outcome::market_closed));
  BOOST_TEST(ticks[1].detail ==
             "XNYS closed: before the session (09:30 New York time)");
  BOOST_TEST((ticks[2].outcome == tick_outcome::ok));
  BOOST_TEST((ticks[3].outcome == tick_outcome::ok));
  BOOST_TEST(seen->at("opening") == 2u);
  auto values = f.reader.valuations("opening");
  BOOST_REQUIRE_EQUAL(values.size(), 2u);
  BOOST_TEST(values[0].tick == 3);
}

BOOST_AUTO_TEST_SUITE_END()
