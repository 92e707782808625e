// Every statistic against values worked out by hand on small series
// (docs/api.md, "Statistics", gives the definitions), and the edge cases:
// no point, one point, a flat series, no trades, partial FIFO lots.

#include "core/statistics.hpp"
#include "core/value_summary.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

const timestamp t0{std::chrono::hours{24 * 20'000}};
constexpr auto day = std::chrono::hours{24};

struct point {
  int days;
  const char* value;
  const char* balance;
};

statistics run(const std::vector<point>& points, const std::vector<fill>& fills,
               double risk_free = 0) {
  statistics_accumulator a{statistics_settings{day, risk_free}};
  for (auto& p : points)
    a.add_point(t0 + p.days * day, cash(p.value), cash(p.balance));
  for (auto& f : fills)
    a.add_fill(f);
  return a.finish();
}

fill filled(side s, const char* ticker, std::int64_t shares, const char* price,
            const char* fee) {
  auto p = px(price);
  auto notional = money::from_micros(shares * p.micros());
  auto f = cash(fee);
  auto delta = s == side::buy
                 ? money::from_micros(-notional.micros() - f.micros())
                 : money::from_micros(notional.micros() - f.micros());
  return fill{s, ticker, *quantity::make(shares), p, {}, f, delta};
}

// Relative closeness for values computed along different paths.
bool near(const std::optional<double>& got, double want) {
  return got &&
         std::fabs(*got - want) <= 1e-12 * std::max(1.0, std::fabs(want));
}

const double year_days = 365.25;

} // namespace

BOOST_AUTO_TEST_SUITE(statistics_by_hand)

// 100 -> 110 -> 99 -> 121, a day apart: returns 1/10, -1/10, 2/9.
BOOST_AUTO_TEST_CASE(a_four_point_series) {
  auto s = run(
    {{0, "100", "100"}, {1, "110", "50"}, {2, "99", "50"}, {3, "121", "121"}},
    {});
  BOOST_TEST(s.points == 4u);
  BOOST_TEST(s.periods_per_year == year_days);
  BOOST_TEST(near(s.total_return, 0.21));
  BOOST_TEST(near(s.annualized_return, std::pow(1.21, year_days / 3) - 1));
  // mean 2/27; deviations 7/270, -47/270, 40/270: sample variance
  // (49 + 2209 + 1600) / 270^2 / 2 = 1929 / 72900.
  double mean = 2.0 / 27;
  double sd = std::sqrt(1929.0) / 270;
  BOOST_TEST(near(s.volatility, sd * std::sqrt(year_days)));
  BOOST_TEST(near(s.sharpe, mean / sd * std::sqrt(year_days)));
  // Downside: only -1/10 is below 0, over 3 returns.
  BOOST_TEST(
    near(s.sortino, mean / (0.1 / std::sqrt(3.0)) * std::sqrt(year_days)));
  // 110 -> 99: a tenth of the peak.
  BOOST_TEST(near(s.max_drawdown, 0.1));
  BOOST_TEST((s.max_drawdown_start == t0 + 1 * day));
  BOOST_TEST((s.max_drawdown_end == t0 + 2 * day));
  // Invested shares 0, 60/110, 49/99, each held one day.
  BOOST_TEST(near(s.exposure, (0 + 60.0 / 110 + 49.0 / 99) / 3));
  BOOST_TEST((s.first_time == t0));
  BOOST_TEST((s.last_time == t0 + 3 * day));
  // No fills: nothing traded, no round trip.
  BOOST_TEST(s.fills == 0u);
  BOOST_TEST(!s.win_rate);
  BOOST_TEST(near(s.turnover, 0));
  BOOST_TEST((s.fees == money{}));
}

BOOST_AUTO_TEST_CASE(the_risk_free_rate_is_compounded_per_period) {
  auto s = run(
    {{0, "100", "100"}, {1, "110", "50"}, {2, "99", "50"}, {3, "121", "121"}},
    {}, 0.02);
  double rf = std::pow(1.02, 1 / year_days) - 1;
  double mean = 2.0 / 27;
  double sd = std::sqrt(1929.0) / 270;
  BOOST_TEST(s.risk_free == 0.02);
  BOOST_TEST(near(s.sharpe, (mean - rf) / sd * std::sqrt(year_days)));
  // Below the target rf: -1/10 only.
  double downside = std::sqrt((-0.1 - rf) * (-0.1 - rf) / 3);
  BOOST_TEST(near(s.sortino, (mean - rf) / downside * std::sqrt(year_days)));
  // The rate changes nothing else.
  BOOST_TEST(near(s.volatility, sd * std::sqrt(year_days)));
}

BOOST_AUTO_TEST_CASE(no_point) {
  auto s = run({}, {});
  BOOST_TEST(s.points == 0u);
  BOOST_TEST(!s.total_return);
  BOOST_TEST(!s.annualized_return);
  BOOST_TEST(!s.volatility);
  BOOST_TEST(!s.sharpe);
  BOOST_TEST(!s.sortino);
  BOOST_TEST(!s.max_drawdown);
  BOOST_TEST(!s.exposure);
  BOOST_TEST(!s.turnover);
  BOOST_TEST(!s.first_time);
}

BOOST_AUTO_TEST_CASE(one_point) {
  auto s = run({{0, "100", "40"}}, {});
  BOOST_TEST(near(s.total_return, 0));
  BOOST_TEST(!s.annualized_return); // no time passed
  BOOST_TEST(!s.volatility);        // no return
  BOOST_TEST(!s.sharpe);
  BOOST_TEST(!s.sortino);
  BOOST_TEST(near(s.max_drawdown, 0));
  BOOST_TEST(!s.max_drawdown_start);
  BOOST_TEST(!s.max_drawdown_end);
  BOOST_TEST(!s.exposure); // no time to weigh
}

BOOST_AUTO_TEST_CASE(two_points_give_one_return_and_no_deviation) {
  auto s = run({{0, "100", "100"}, {2, "102", "100"}}, {});
  BOOST_TEST(near(s.total_return, 0.02));
  BOOST_TEST(near(s.annualized_return, std::pow(1.02, year_days / 2) - 1));
  BOOST_TEST(!s.volatility);
  BOOST_TEST(!s.sharpe);
  BOOST_TEST(!s.sortino);
  BOOST_TEST(near(s.exposure, 0)); // all cash until the last point
}

BOOST_AUTO_TEST_CASE(a_flat_series_has_zero_volatility_and_no_ratios) {
  auto s = run({{0, "100", "50"}, {1, "100", "50"}, {2, "100", "50"}}, {});
  BOOST_TEST(near(s.total_return, 0));
  BOOST_TEST(near(s.annualized_return, 0));
  BOOST_TEST(near(s.volatility, 0));
  BOOST_TEST(!s.sharpe);  // zero deviation
  BOOST_TEST(!s.sortino); // nothing below the target
  BOOST_TEST(near(s.max_drawdown, 0));
  BOOST_TEST(!s.max_drawdown_start);
  BOOST_TEST(near(s.exposure, 0.5));
}

// The deepest fall is the largest fraction, not the largest amount; its
// start is the last time the series stood at the peak.
BOOST_AUTO_TEST_CASE(the_deepest_drawdown_is_a_fraction_of_its_peak) {
  auto s = run({{0, "100", "0"},
                {1, "100", "0"},
                {2, "50", "0"},
                {3, "1000", "0"},
                {4, "800", "0"},
                {5, "900", "0"}},
               {});
  BOOST_TEST(near(s.max_drawdown, 0.5));
  BOOST_TEST((s.max_drawdown_start == t0 + 1 * day));
  BOOST_TEST((s.max_drawdown_end == t0 + 2 * day));
  BOOST_TEST(near(s.exposure, 1));
  // The old exact summary keeps the largest amount: 200 from 1000.
  value_summary v;
  for (auto m : {"100", "100", "50", "1000", "800", "900"})
    v.add(cash(m));
  BOOST_TEST(v.points() == 6u);
  BOOST_TEST((v.max_fall() == cash("200")));
  BOOST_TEST((v.max_fall_peak() == cash("1000")));
  BOOST_TEST((v.high() == cash("1000")));
  BOOST_TEST((v.low() == cash("50")));
  BOOST_TEST((v.first() == cash("100")));
  BOOST_TEST((v.last() == cash("900")));
}

// Buys of 10 at 100 and 10 at 110, then a sell of 15 at 105 closes the
// first lot (a gain: 1574/15 per share against 100.1) and half the second
// (a loss against 110.1); a sell of 5 at 120 closes the rest (a gain).
BOOST_AUTO_TEST_CASE(partial_fifo_lots) {
  std::vector<fill> fills{filled(side::buy, "AAPL", 10, "100", "1"),
                          filled(side::buy, "AAPL", 10, "110", "1"),
                          filled(side::sell, "AAPL", 15, "105", "1"),
                          filled(side::sell, "AAPL", 5, "120", "1")};
  auto s = run({{0, "1000", "1000"}, {1, "1100", "0"}}, fills);
  BOOST_TEST(s.fills == 4u);
  BOOST_TEST(s.round_trips == 3u);
  BOOST_TEST(s.winning_round_trips == 2u);
  BOOST_TEST(near(s.win_rate, 2.0 / 3));
  BOOST_TEST((s.fees == cash("4")));
  BOOST_TEST((s.traded == cash("4275"))); // 1000 + 1100 + 1575 + 600
  BOOST_TEST(near(s.turnover, 4275.0 / 1050));
}

BOOST_AUTO_TEST_CASE(a_losing_and_a_winning_round_trip) {
  // Fees decide: sold 1 above its price, but the fees make it a loss.
  std::vector<fill> fills{filled(side::buy, "MSFT", 1, "50", "0.5"),
                          filled(side::sell, "MSFT", 1, "50.9", "0.5"),
                          filled(side::buy, "MSFT", 2, "40", "0"),
                          filled(side::sell, "MSFT", 2, "41", "0")};
  auto s = run({}, fills);
  BOOST_TEST(s.round_trips == 2u);
  BOOST_TEST(s.winning_round_trips == 1u);
  BOOST_TEST(near(s.win_rate, 0.5));
  BOOST_TEST((s.fees == cash("1")));
  BOOST_TEST(!s.turnover); // no value point to compare with
}

BOOST_AUTO_TEST_CASE(break_even_is_no_gain_and_unmatched_sells_close_nothing) {
  std::vector<fill> fills{filled(side::sell, "GOOG", 3, "10", "0"),
                          filled(side::buy, "GOOG", 1, "10", "0"),
                          filled(side::buy, "AAPL", 1, "5", "0"),
                          filled(side::sell, "GOOG", 2, "10", "0")};
  auto s = run({}, fills);
  // Only the GOOG lot is closed (at its cost); AAPL stays open.
  BOOST_TEST(s.round_trips == 1u);
  BOOST_TEST(s.winning_round_trips == 0u);
  BOOST_TEST(near(s.win_rate, 0));
}

BOOST_AUTO_TEST_CASE(no_trades_no_round_trips) {
  auto s = run({{0, "10", "10"}, {1, "10", "10"}}, {});
  BOOST_TEST(s.round_trips == 0u);
  BOOST_TEST(!s.win_rate);
  BOOST_TEST((s.traded == money{}));
  BOOST_TEST(near(s.turnover, 0));
}

BOOST_AUTO_TEST_CASE(periods_per_year_follow_the_interval) {
  BOOST_TEST(periods_per_year(std::chrono::minutes{1}) == 525'960.0);
  BOOST_TEST(periods_per_year(std::chrono::milliseconds{500}) == 63'115'200.0);
}

BOOST_AUTO_TEST_CASE(a_worthless_base_leaves_returns_undefined) {
  auto s =
    run({{0, "100", "0"}, {1, "0", "0"}, {2, "0", "0"}, {3, "5", "5"}}, {});
  BOOST_TEST(!s.volatility);
  BOOST_TEST(!s.sharpe);
  BOOST_TEST(near(s.total_return, -0.95));
  BOOST_TEST(near(s.max_drawdown, 1));
}

BOOST_AUTO_TEST_SUITE_END()
