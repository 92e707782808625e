#include "core/ledger_config.hpp"
#include "core/lifecycle.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(lifecycle_and_config)

BOOST_AUTO_TEST_CASE(start_stop_finish) {
  lifecycle l{24h};
  timestamp t0{std::chrono::seconds{1'700'000'000}};
  BOOST_TEST(l.status() == ledger_status::created);
  BOOST_TEST(!l.ends_at().has_value());
  BOOST_TEST(!l.start(t0).has_value());
  BOOST_TEST(l.status() == ledger_status::running);
  BOOST_TEST(*l.start(t0) == transition_error::already_running);
  BOOST_TEST(!l.stop().has_value());
  BOOST_TEST(*l.stop() == transition_error::not_running);
  // A restart keeps the lifespan's origin at the first start.
  BOOST_TEST(!l.start(t0 + 1h).has_value());
  BOOST_TEST((*l.first_started() == t0));
  BOOST_TEST((*l.ends_at() == t0 + 24h));
  BOOST_TEST(!l.expired(t0 + 24h - 1ms));
  BOOST_TEST(l.expired(t0 + 24h));
  BOOST_TEST(!l.finish().has_value());
  BOOST_TEST(l.status() == ledger_status::finished);
  BOOST_TEST(*l.start(t0) == transition_error::finished);
  BOOST_TEST(*l.finish() == transition_error::finished);
}

BOOST_AUTO_TEST_CASE(a_start_after_the_lifespan_finishes) {
  timestamp t0{std::chrono::seconds{1'700'000'000}};
  lifecycle l{1h, ledger_status::stopped, t0};
  BOOST_TEST(*l.start(t0 + 2h) == transition_error::finished);
  BOOST_TEST(l.status() == ledger_status::finished);
}

BOOST_AUTO_TEST_CASE(status_names_round_trip) {
  for (auto s : {ledger_status::created, ledger_status::running,
                 ledger_status::stopped, ledger_status::finished})
    BOOST_TEST(*parse_status(to_string(s)) == s);
  BOOST_TEST(!parse_status("paused").has_value());
}

BOOST_AUTO_TEST_CASE(names_and_tickers) {
  BOOST_TEST(is_valid_ledger_name("krishalgo"));
  BOOST_TEST(is_valid_ledger_name("a.b-c_1"));
  BOOST_TEST(is_valid_ledger_name(std::string(64, 'x')));
  BOOST_TEST(!is_valid_ledger_name(std::string(65, 'x')));
  BOOST_TEST(!is_valid_ledger_name(""));
  BOOST_TEST(!is_valid_ledger_name("a b"));
  BOOST_TEST(!is_valid_ledger_name("a/b"));
  BOOST_TEST(is_valid_ticker("BRK.B"));
  BOOST_TEST(is_valid_ticker("^GSPC"));
  BOOST_TEST(!is_valid_ticker("A*"));
  BOOST_TEST(!is_valid_ticker("#"));
}

BOOST_AUTO_TEST_CASE(intervals_and_durations) {
  BOOST_TEST(parse_interval("500ms")->count() == 500);
  BOOST_TEST(parse_interval("30s")->count() == 30'000);
  BOOST_TEST(parse_interval("5m")->count() == 300'000);
  BOOST_TEST(parse_interval("1.5h")->count() == 5'400'000);
  BOOST_TEST(parse_interval("0.5s")->count() == 500);
  for (auto bad : {"", "5", "ms", "-1s", "0s", "1.0001s", "1e3s", "5 m", "5d"})
    BOOST_TEST(!parse_interval(bad).has_value(), bad);
  // The seed's updatetime is minutes, decimals allowed; end is days.
  BOOST_TEST(parse_decimal_duration("1.5", 1min)->count() == 90'000);
  BOOST_TEST(parse_decimal_duration("100", 24h)->count() == 8'640'000'000);
  BOOST_TEST(!parse_decimal_duration("0", 1min).has_value());
  BOOST_TEST(!parse_decimal_duration("40000", 24h).has_value());
  for (auto ms : {500, 30'000, 300'000, 7'200'000, 1500})
    BOOST_TEST(
      parse_interval(format_interval(std::chrono::milliseconds{ms}))->count() ==
      ms);
}

BOOST_AUTO_TEST_CASE(config_checks) {
  ledger_config c;
  c.name = "krishalgo";
  c.tickers = {"AAPL", "GOOG"};
  c.algo_path = "buy_and_hold";
  BOOST_TEST(!check_config(c).has_value());
  BOOST_TEST(c.initial_balance == money::units(100'000));
  auto broken = c;
  broken.tickers = {"AAPL", "AAPL"};
  BOOST_TEST(check_config(broken).has_value());
  broken = c;
  broken.interval = 10ms;
  BOOST_TEST(check_config(broken).has_value());
  broken = c;
  broken.slippage_bps = -1;
  BOOST_TEST(check_config(broken).has_value());
  broken = c;
  broken.name = "bad name";
  BOOST_TEST(check_config(broken).has_value());
  BOOST_TEST(rules_of(c).tracks("GOOG"));
}

BOOST_AUTO_TEST_CASE(a_start_at_the_epoch_is_a_start) {
  // The compact first start (optional_time) marks "none" with the earliest
  // time there is, not with zero: the epoch is an ordinary time.
  lifecycle l{24h, ledger_status::stopped, timestamp{}};
  BOOST_TEST(l.first_started().has_value());
  BOOST_TEST((*l.ends_at() == timestamp{} + 24h));
  lifecycle fresh{24h};
  BOOST_TEST(!fresh.first_started().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
