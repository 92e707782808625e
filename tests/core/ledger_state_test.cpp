#include "core/ledger_state.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0{std::chrono::seconds{1'700'000'000}};

ledger_record fresh(std::chrono::milliseconds interval = 1s) {
  ledger_config c;
  c.name = "krishalgo";
  c.tickers = {"AAPL", "GOOG"};
  c.algo_path = "buy_and_hold";
  c.interval = interval;
  c.lifespan = 1h;
  c.initial_balance = money::units(10'000);
  return new_ledger_record(c, t0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ledger_state_protocol)

BOOST_AUTO_TEST_CASE(a_tick_asks_applies_and_records) {
  ledger_state s{fresh()};
  BOOST_TEST(s.on_timer(t0) == ledger_state::timer_action::ignore);
  BOOST_TEST(!s.start(t0).has_value());
  BOOST_TEST(s.on_timer(t0) == ledger_state::timer_action::take_prices);
  auto step =
    s.on_snapshot({{"AAPL", px("176")}, {"MSFT", px("30")}}, t0 + 1ms, t0 + 1s);
  auto& req = std::get<algo_request>(step);
  BOOST_TEST(req.tick == 1);
  BOOST_TEST(req.prices.size() == 1u); // untracked MSFT is not shown
  BOOST_TEST(req.balance == money::units(10'000));
  auto rec = s.on_reply(
    reply_for(req, {buy("AAPL", 8), buy("GOOG", 1), sell("AAPL", 100)}),
    t0 + 20ms);
  BOOST_TEST(rec.outcome == tick_outcome::ok);
  BOOST_TEST(rec.tick == 1);
  BOOST_TEST(rec.fills.size() == 1u);
  BOOST_TEST(rec.rejections.size() == 2u);
  BOOST_TEST(rec.rejections[0].code == reject_code::no_quote);
  BOOST_TEST(rec.rejections[1].code == reject_code::insufficient_holdings);
  BOOST_TEST(rec.balance == money::units(8592));
  BOOST_TEST(*rec.value == money::units(10'000));
  BOOST_TEST(rec.latency.count() == 20'000);
  BOOST_TEST(!s.in_flight());
  // The next request shows the fill and the rejections of the last tick.
  BOOST_TEST(s.on_timer(t0 + 1s) == ledger_state::timer_action::take_prices);
  auto next = std::get<algo_request>(
    s.on_snapshot({{"AAPL", px("177")}}, t0 + 1s, t0 + 2s));
  BOOST_TEST(next.trades.size() == 1u);
  BOOST_TEST(next.rejected.size() == 2u);
  BOOST_TEST(next.positions.at("AAPL") == 8);
}

BOOST_AUTO_TEST_CASE(no_quote_skip_and_failure) {
  ledger_state s{fresh()};
  s.start(t0);
  BOOST_TEST(s.on_timer(t0) == ledger_state::timer_action::take_prices);
  auto none = std::get<tick_record>(s.on_snapshot({}, t0, t0 + 1s));
  BOOST_TEST(none.outcome == tick_outcome::no_quote);
  BOOST_TEST(s.on_timer(t0 + 1s) == ledger_state::timer_action::take_prices);
  auto req = std::get<algo_request>(
    s.on_snapshot({{"GOOG", px("112")}}, t0 + 1s, t0 + 2s));
  BOOST_TEST(req.tick == 2);
  // The timer fires again (twice) before the model answers: counted, not
  // yet recorded.
  BOOST_TEST(s.on_timer(t0 + 2s) == ledger_state::timer_action::skip);
  BOOST_TEST(s.on_timer(t0 + 3s) == ledger_state::timer_action::skip);
  BOOST_TEST(!s.take_skipped(t0 + 3s).has_value());
  BOOST_TEST(*s.tick_in_flight() == 2);
  auto late = s.on_failure(tick_outcome::timeout, "deadline passed", t0 + 3s);
  BOOST_TEST(late.tick == 2);
  BOOST_TEST(late.outcome == tick_outcome::timeout);
  BOOST_CHECK_THROW(s.on_reply(reply_for(req, {}), t0 + 3s), std::logic_error);
  // The tick's end ends the run: one record for both skips, after it.
  auto run = s.take_skipped(t0 + 3s);
  BOOST_REQUIRE(run.has_value());
  BOOST_TEST(run->tick == 3);
  BOOST_TEST(run->outcome == tick_outcome::skipped);
  BOOST_TEST(run->detail == "2 ticks skipped: tick 2 was still in flight");
  BOOST_TEST(!s.take_skipped(t0 + 3s).has_value());
  BOOST_TEST(s.on_timer(t0 + 4s) == ledger_state::timer_action::take_prices);
  BOOST_TEST(*s.tick_in_flight() == 4);
}

BOOST_AUTO_TEST_CASE(shed_ticks_give_their_number_back_and_join_a_run) {
  ledger_state s{fresh()};
  s.start(t0);
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(s.on_timer(t0 + i * 1s) ==
               ledger_state::timer_action::take_prices);
    BOOST_TEST(*s.tick_in_flight() == 1); // the same number each time
    s.on_shed("the workers are behind", t0 + i * 1s);
    BOOST_TEST(!s.in_flight());
  }
  BOOST_TEST(!s.take_skipped(t0 + 3s).has_value());
  // Stopping ends the run.
  s.stop();
  auto run = s.take_skipped(t0 + 3s);
  BOOST_REQUIRE(run.has_value());
  BOOST_TEST(run->tick == 1);
  BOOST_TEST(run->detail == "3 ticks skipped: the workers are behind");
  BOOST_TEST(s.record().last_tick == 1);
}

BOOST_AUTO_TEST_CASE(shed_ticks_back_off_and_count_what_they_pass_over) {
  ledger_state s{fresh(250ms)};
  s.start(t0);
  BOOST_TEST(s.timer_delay().count() == 250);
  auto at = t0;
  // Each consecutive shed doubles the wait, up to max_shed_backoff (1 s,
  // four intervals of 250 ms).
  for (std::int64_t expected : {500, 1000, 1000}) {
    BOOST_TEST(s.on_timer(at) == ledger_state::timer_action::take_prices);
    s.on_shed("the workers are behind", at);
    BOOST_TEST(s.timer_delay().count() == expected);
    at += s.timer_delay();
  }
  // The next attempt runs: its timer counts the ticks passed over, and the
  // run (3 shed + 1 + 3 + 3 passed over) is recorded before the tick.
  BOOST_TEST(s.on_timer(at) == ledger_state::timer_action::take_prices);
  BOOST_TEST(s.timer_delay().count() == 250);
  auto step = s.on_snapshot({{"AAPL", px("176")}}, at, at + 250ms);
  auto request = std::get<algo_request>(std::move(step));
  auto tick = s.on_reply(reply_for(request, {}), at + 1ms);
  BOOST_TEST(tick.outcome == tick_outcome::ok);
  auto run = s.take_skipped(at + 1ms);
  BOOST_REQUIRE(run.has_value());
  BOOST_TEST(run->detail == "10 ticks skipped: the workers are behind");
  // A shed after a tick that ran starts the back-off again from two.
  BOOST_TEST(s.on_timer(at + 250ms) == ledger_state::timer_action::take_prices);
  s.on_shed("the workers are behind", at + 250ms);
  BOOST_TEST(s.timer_delay().count() == 500);
}

BOOST_AUTO_TEST_CASE(a_ledger_of_a_long_interval_does_not_back_off) {
  ledger_state s{fresh(2s)};
  s.start(t0);
  s.on_timer(t0);
  s.on_shed("the workers are behind", t0);
  BOOST_TEST(s.timer_delay().count() == 2000);
}

BOOST_AUTO_TEST_CASE(a_long_run_of_skips_is_recorded_in_pieces) {
  ledger_state s{fresh()};
  s.start(t0);
  s.on_timer(t0);
  BOOST_TEST(*s.tick_in_flight() == 1);
  for (std::int64_t i = 1; i < max_skip_run; ++i)
    s.on_timer(t0 + i * 1s);
  BOOST_TEST(!s.take_skipped(t0).has_value());
  s.on_timer(t0 + max_skip_run * 1s);
  auto run = s.take_skipped(t0);
  BOOST_REQUIRE(run.has_value());
  BOOST_TEST(run->tick == 2);
  BOOST_TEST(run->detail.find(std::to_string(max_skip_run) + " ticks") == 0u);
  // Forced at a stop of the engine, a shorter run ends too.
  s.on_timer(t0 + 2000s);
  BOOST_TEST(!s.take_skipped(t0).has_value());
  auto forced = s.take_skipped(t0, true);
  BOOST_REQUIRE(forced.has_value());
  BOOST_TEST(forced->tick == 3);
}

BOOST_AUTO_TEST_CASE(model_errors_are_recorded_with_their_code) {
  ledger_state s{fresh()};
  s.start(t0);
  s.on_timer(t0);
  auto req =
    std::get<algo_request>(s.on_snapshot({{"GOOG", px("112")}}, t0, t0 + 1s));
  auto reply = reply_for(req, {buy("GOOG", 1)});
  reply.error = algo_failure::bad_output;
  reply.error_message = "quantity must be a positive whole number";
  auto rec = s.on_reply(reply, t0 + 5ms);
  BOOST_TEST(rec.outcome == tick_outcome::model_error);
  BOOST_TEST(rec.fills.empty());
  BOOST_TEST(rec.detail.find("bad_output") == 0u);
}

BOOST_AUTO_TEST_CASE(backlog_waits_and_lifespan_finishes) {
  ledger_state s{fresh()};
  s.start(t0);
  BOOST_TEST(s.on_timer(t0, true) == ledger_state::timer_action::wait);
  BOOST_TEST(!s.in_flight()); // waiting begins no tick
  // The lifespan ends even while persistence is behind.
  BOOST_TEST(s.on_timer(t0 + 1h, true) == ledger_state::timer_action::finish);
  BOOST_TEST(!s.finish().has_value());
  BOOST_TEST(s.on_timer(t0 + 1h) == ledger_state::timer_action::ignore);
}

BOOST_AUTO_TEST_CASE(missed_ticks_are_recorded_once) {
  auto rec = fresh();
  rec.status = ledger_status::running;
  rec.first_started = t0;
  rec.last_tick = 41;
  rec.last_tick_at = t0 + 10s;
  rec.balance = money::units(5000);
  rec.positions = {{"AAPL", 3}};
  ledger_state s{rec};
  BOOST_TEST(!s.missed_since_last_tick(t0 + 11s).has_value());
  auto missed = s.missed_since_last_tick(t0 + 15s + 500ms);
  BOOST_TEST(missed->tick == 42);
  BOOST_TEST(missed->outcome == tick_outcome::missed);
  BOOST_TEST(missed->detail.find("4 ticks") == 0u);
  BOOST_TEST(missed->balance == money::units(5000));
  BOOST_TEST(!s.missed_since_last_tick(t0 + 15s + 500ms).has_value());
  BOOST_TEST(s.on_timer(t0 + 16s) == ledger_state::timer_action::take_prices);
  BOOST_TEST(*s.tick_in_flight() == 43);
}

BOOST_AUTO_TEST_CASE(reports_are_all_or_nothing_and_numbered) {
  ledger_state s{fresh()};
  auto bad = s.report({buy("AAPL", 8, px("176")), sell("GOOG", 1)}, {}, t0);
  BOOST_TEST(!bad.result.applied);
  BOOST_TEST(!bad.record.has_value());
  BOOST_TEST(s.book().balance() == money::units(10'000));
  // With expected holdings that the trades would not leave: nothing
  // changes, and the answer names what they would leave.
  auto other =
    s.report({buy("AAPL", 8, px("176"))}, {}, t0, holdings{{"AAPL", 9}});
  BOOST_REQUIRE(other.mismatch.has_value());
  BOOST_TEST(other.mismatch->at("AAPL") == 8);
  BOOST_TEST(!other.record.has_value());
  BOOST_TEST(s.book().balance() == money::units(10'000));
  BOOST_TEST(s.record().last_tick == 0);
  auto good =
    s.report({buy("AAPL", 8, px("176"))}, {}, t0, holdings{{"AAPL", 8}});
  BOOST_TEST(good.result.applied);
  BOOST_TEST(!good.mismatch.has_value());
  BOOST_TEST(good.record->tick == 1);
  BOOST_TEST(good.record->outcome == tick_outcome::reported);
  BOOST_TEST(good.record->balance == money::units(8592));
  BOOST_TEST(s.record().last_tick == 1);
  BOOST_TEST(*s.value() == money::units(10'000));
}

// A stated holding below zero cannot be met, but the trades are judged
// first: a sell beyond the book is insufficient_holdings whatever the
// holding says; valid trades with a negative holding are refused naming it.
BOOST_AUTO_TEST_CASE(a_negative_stated_holding_is_judged_after_the_trades) {
  ledger_state s{fresh()};
  auto oversold =
    s.report({sell("GOOG", 5, px("10"))}, {}, t0, holdings{{"GOOG", -5}});
  BOOST_TEST(!oversold.result.applied);
  BOOST_TEST(!oversold.impossible_expectation.has_value());
  BOOST_REQUIRE(oversold.result.outcomes.size() == 1u);
  BOOST_TEST(std::get<rejection>(oversold.result.outcomes[0]).code ==
             reject_code::insufficient_holdings);

  auto valid = s.report({buy("AAPL", 1, px("176"))}, {}, t0,
                        holdings{{"AAPL", 1}, {"GOOG", -5}});
  BOOST_REQUIRE(valid.impossible_expectation.has_value());
  BOOST_TEST(*valid.impossible_expectation ==
             "holding of GOOG is negative (-5): a ledger cannot hold fewer "
             "than 0 shares");
  BOOST_TEST(!valid.record.has_value());
  BOOST_TEST(s.book().balance() == money::units(10'000));
  BOOST_TEST(s.record().last_tick == 0);
}

BOOST_AUTO_TEST_CASE(a_resumed_ledger_ticks_on_its_schedule) {
  auto r = fresh();
  r.status = ledger_status::running;
  r.first_started = t0;
  r.last_tick = 5;
  r.last_tick_at = t0;
  r.config.interval = std::chrono::hours{24};
  ledger_state s{r};
  // Restarted an hour after its last tick: the next one is 23 h away, not
  // now (every ledger ticking at once after a restart was a burst).
  BOOST_TEST(s.next_tick_in(t0 + std::chrono::hours{1}).count() ==
             std::chrono::milliseconds{std::chrono::hours{23}}.count());
  BOOST_TEST(!s.missed_since_last_tick(t0 + std::chrono::hours{1}));
  BOOST_TEST(s.next_tick_in(t0 + std::chrono::hours{30}).count() == 0);
  auto fresh_ledger = ledger_state{fresh()};
  BOOST_TEST(fresh_ledger.next_tick_in(t0).count() == 0);
}

BOOST_AUTO_TEST_CASE(failures_of_ours_are_kept_apart_from_the_models) {
  BOOST_TEST(outcome_of(algo_failure::timeout) == tick_outcome::timeout);
  BOOST_TEST(outcome_of(algo_failure::broker_unavailable) ==
             tick_outcome::broker_unavailable);
  BOOST_TEST(outcome_of(algo_failure::overloaded) == tick_outcome::skipped);
  BOOST_TEST(outcome_of(algo_failure::model_error) ==
             tick_outcome::model_error);
  BOOST_TEST(outcome_of(algo_failure::bad_output) == tick_outcome::model_error);
  BOOST_TEST(outcome_of(algo_failure::bad_request) ==
             tick_outcome::model_error);
  // Every failure has a name the wire reads back; only the engine's own
  // two are refused from a worker.
  for (auto f : {algo_failure::model_error, algo_failure::bad_output,
                 algo_failure::bad_request, algo_failure::timeout,
                 algo_failure::overloaded, algo_failure::broker_unavailable})
    BOOST_TEST((parse_algo_failure(to_string(f)) == f), to_string(f));
  BOOST_TEST(!parse_algo_failure("Timeout").has_value());
  BOOST_TEST(!sent_by_workers(algo_failure::overloaded));
  BOOST_TEST(!sent_by_workers(algo_failure::broker_unavailable));
  BOOST_TEST(sent_by_workers(algo_failure::bad_request));
  BOOST_TEST(to_string(tick_outcome::broker_unavailable) ==
             "broker_unavailable");
  BOOST_TEST((parse_tick_outcome("broker_unavailable") ==
              tick_outcome::broker_unavailable));
}

BOOST_AUTO_TEST_CASE(the_revision_grows_with_every_readable_change) {
  ledger_state s{fresh()};
  auto r0 = s.revision();
  BOOST_TEST_REQUIRE(!s.start(t0).has_value());
  auto r1 = s.revision();
  BOOST_TEST(r1 > r0);
  BOOST_TEST(s.start(t0).has_value()); // refused: nothing changed
  BOOST_TEST(s.revision() == r1);
  // A tick begun is not readable yet; its end is.
  BOOST_TEST(s.on_timer(t0) == ledger_state::timer_action::take_prices);
  BOOST_TEST(s.revision() == r1);
  auto step = s.on_snapshot({{"AAPL", px("176")}}, t0 + 1ms, t0 + 1s);
  s.on_reply(reply_for(std::get<algo_request>(step), {}), t0 + 2ms);
  auto r2 = s.revision();
  BOOST_TEST(r2 > r1);
  // A report applied is a change; one refused is not.
  BOOST_TEST(s.report({buy("AAPL", 1)}, {}, t0 + 3ms).result.applied);
  auto r3 = s.revision();
  BOOST_TEST(r3 > r2);
  BOOST_TEST(!s.report({sell("AAPL", 100)}, {}, t0 + 4ms).result.applied);
  BOOST_TEST(s.revision() == r3);
  BOOST_TEST_REQUIRE(!s.stop().has_value());
  BOOST_TEST(s.revision() > r3);
}

BOOST_AUTO_TEST_SUITE_END()
