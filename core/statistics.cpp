#include "core/statistics.hpp"

#include <cmath>

namespace ledger {

namespace {

constexpr double year_ms = 365.25 * 86'400'000;

// The risk-free return of one period, compounding to the annual rate:
// (1 + rate)^(1 / periods) - 1, through log1p/expm1 so that the tiny rate
// of a 50 ms period keeps its digits.
double per_period(double annual, double periods) {
  return std::expm1(std::log1p(annual) / periods);
}

} // namespace

double periods_per_year(std::chrono::milliseconds interval) {
  return year_ms / static_cast<double>(interval.count());
}

statistics_accumulator::statistics_accumulator(statistics_settings settings)
  : settings_(settings),
    series_(
      periods_per_year(settings.interval),
      per_period(settings.risk_free, periods_per_year(settings.interval))) {}

statistics statistics_accumulator::finish() const {
  statistics s;
  s.points = series_.points();
  s.first_time = series_.first_time();
  s.last_time = series_.last_time();
  s.periods_per_year = periods_per_year(settings_.interval);
  s.risk_free = settings_.risk_free;
  s.total_return = series_.total_return();
  s.annualized_return = series_.annualized_return();
  s.volatility = series_.volatility();
  s.sharpe = series_.sharpe();
  s.sortino = series_.sortino();
  s.max_drawdown = series_.max_drawdown();
  s.max_drawdown_start = series_.max_drawdown_start();
  s.max_drawdown_end = series_.max_drawdown_end();
  s.fills = trips_.fills();
  s.round_trips = trips_.closed();
  s.winning_round_trips = trips_.won();
  s.win_rate = trips_.win_rate();
  s.traded = trips_.traded();
  s.fees = trips_.fees();
  auto mean = series_.mean_value();
  if (s.traded && mean && *mean > 0)
    s.turnover = static_cast<double>(s.traded->micros()) / fixed_scale / *mean;
  s.exposure = series_.exposure();
  return s;
}

} // namespace ledger
