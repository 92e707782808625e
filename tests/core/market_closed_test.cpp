// A ledger with a market calendar: its ticks outside the session end at
// once as market_closed, without a request to the model; during the
// session it asks as before.

#include "core/calendar.hpp"
#include "core/ledger_state.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Friday 2024-06-07, 15:30 in New York (EDT): half an hour before the close.
const timestamp friday = *utc_midnight(2024, 6, 7) + 19h + 30min;

ledger_record with_calendar(market_calendar calendar) {
  ledger_config c;
  c.name = "weekdays";
  c.tickers = {"AAPL"};
  c.algo_path = "buy_and_hold";
  c.interval = 1h;
  c.lifespan = 365 * 24h;
  c.initial_balance = money::units(10'000);
  c.calendar = calendar;
  return new_ledger_record(c, friday);
}

} // namespace

BOOST_AUTO_TEST_SUITE(market_closed_ticks)

BOOST_AUTO_TEST_CASE(an_xnys_ledger_does_not_ask_over_the_weekend) {
  ledger_state s{with_calendar(market_calendar::xnys)};
  s.start(friday);
  // In the session: the tick asks the model, which buys one share and
  // tries to sell what it does not hold.
  BOOST_TEST(s.on_timer(friday) == ledger_state::timer_action::take_prices);
  auto req = std::get<algo_request>(
    s.on_snapshot({{"AAPL", px("190")}}, friday, friday + 1h));
  auto first =
    s.on_reply(reply_for(req, {buy("AAPL", 1), sell("AAPL", 5)}), friday);
  BOOST_TEST(first.outcome == tick_outcome::ok);
  BOOST_TEST(first.rejections.size() == 1u);

  // Every hour from Friday 16:30 to Monday 09:29 New York time is closed:
  // 65 ticks, each recorded at once, none asking.
  std::int64_t closed = 0;
  auto t = friday + 1h;
  for (; t < friday + 66h; t += 1h) {
    BOOST_TEST_REQUIRE(
      (s.on_timer(t) == ledger_state::timer_action::market_closed));
    BOOST_TEST(s.in_flight());
    auto r = s.on_market_closed(t);
    BOOST_TEST(!s.in_flight());
    BOOST_TEST(r.outcome == tick_outcome::market_closed);
    BOOST_TEST(r.tick == 2 + closed);
    BOOST_TEST(r.fills.empty());
    BOOST_TEST(r.balance == first.balance); // the book as it was
    BOOST_TEST(!r.value.has_value());       // no value point while closed
    ++closed;
  }
  BOOST_TEST(closed == 65);
  BOOST_TEST(to_string(tick_outcome::market_closed) == "market_closed");

  // Monday 2024-06-10 09:30 New York: open again. The model hears of its
  // fill and rejection now: closed ticks did not take its feedback away.
  BOOST_TEST((t == *utc_midnight(2024, 6, 10) + 13h + 30min));
  BOOST_TEST(s.on_timer(t) == ledger_state::timer_action::take_prices);
  auto monday =
    std::get<algo_request>(s.on_snapshot({{"AAPL", px("191")}}, t, t + 1h));
  BOOST_TEST(monday.tick == 67);
  BOOST_TEST(monday.rejected.size() == 1u);
  BOOST_TEST(monday.trades.size() == 1u); // Friday's fill, told now
}

BOOST_AUTO_TEST_CASE(closed_ticks_say_why) {
  ledger_state s{with_calendar(market_calendar::xnys)};
  auto saturday = friday + 20h;
  s.start(saturday);
  BOOST_TEST(s.on_timer(saturday) == ledger_state::timer_action::market_closed);
  BOOST_TEST(s.on_market_closed(saturday + 1ms).detail ==
             "XNYS closed: weekend");
  auto christmas = *utc_midnight(2024, 12, 25) + 15h;
  BOOST_TEST(s.on_timer(christmas) ==
             ledger_state::timer_action::market_closed);
  BOOST_TEST(s.on_market_closed(christmas).detail ==
             "XNYS closed: Christmas Day");
}

BOOST_AUTO_TEST_CASE(a_ledger_without_calendar_ticks_around_the_clock) {
  ledger_state s{with_calendar(market_calendar::none)};
  auto saturday = friday + 20h;
  s.start(saturday);
  BOOST_TEST(s.on_timer(saturday) == ledger_state::timer_action::take_prices);
  auto req = s.on_snapshot({{"AAPL", px("190")}}, saturday, saturday + 1h);
  BOOST_TEST(std::holds_alternative<algo_request>(req));
}

BOOST_AUTO_TEST_CASE(a_closed_market_does_not_hide_a_tick_in_flight) {
  // The previous tick still waits for its model at the close: the timer
  // counts a skip, as for any ledger, not a closed tick.
  ledger_state s{with_calendar(market_calendar::xnys)};
  s.start(friday);
  BOOST_TEST(s.on_timer(friday) == ledger_state::timer_action::take_prices);
  BOOST_TEST(std::holds_alternative<algo_request>(
    s.on_snapshot({{"AAPL", px("190")}}, friday, friday + 1h)));
  BOOST_TEST(s.on_timer(friday + 1h) == ledger_state::timer_action::skip);
}

BOOST_AUTO_TEST_SUITE_END()
