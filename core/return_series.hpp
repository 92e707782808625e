#pragma once

// The statistics of a value series, accumulated point by point in constant
// memory: returns between consecutive points (Welford's mean and variance,
// the downside sum), the deepest fractional drawdown (compared exactly), and
// the time-weighted share of value invested. Definitions: docs/api.md.

#include "core/money.hpp"
#include "core/optional_time.hpp"

#include <cstdint>
#include <optional>

namespace ledger {

class return_series {
public:
  /// `periods_per_year` annualises per-point returns; `risk_free_period` is
  /// the risk-free return of one period, the target of the downside
  /// deviation and what Sharpe and Sortino subtract.
  return_series(double periods_per_year, double risk_free_period);

  /// The next point, in recorded order: the ledger's value and its cash.
  void add(timestamp time, money value, money balance);

  std::uint64_t points() const { return points_; }
  std::optional<timestamp> first_time() const;
  std::optional<timestamp> last_time() const;

  /// last / first - 1; null without points or with a first value <= 0.
  std::optional<double> total_return() const;
  /// (last / first)^(year / span) - 1; null unless the span is positive.
  std::optional<double> annualized_return() const;
  /// Sample standard deviation of the returns x sqrt(periods per year).
  std::optional<double> volatility() const;
  std::optional<double> sharpe() const;
  std::optional<double> sortino() const;
  /// The deepest fall from a running peak as a fraction of the peak; 0
  /// when the series never falls; null without points.
  std::optional<double> max_drawdown() const;
  /// The deepest fall's peak and trough; null when it never falls.
  std::optional<timestamp> max_drawdown_start() const;
  std::optional<timestamp> max_drawdown_end() const;
  /// Time-weighted (value - cash) / value, each point's share holding until
  /// the next point; null unless the points span some time.
  std::optional<double> exposure() const;
  /// The mean of the values; null without points.
  std::optional<double> mean_value() const;

private:
  /// Returns need at least two, and every base value positive.
  bool returns_usable() const { return returns_ >= 2 && returns_defined_; }

  double periods_per_year_;
  double risk_free_period_;
  std::uint64_t points_ = 0;
  timestamp first_time_{};
  timestamp last_time_{};
  money first_value_;
  money last_value_;
  double last_invested_ = 0; ///< the last point's invested share
  double value_sum_ = 0;
  // Returns.
  bool returns_defined_ = true;
  std::uint64_t returns_ = 0;
  double mean_ = 0;
  double m2_ = 0;          ///< sum of squared deviations from the mean
  double downside_sq_ = 0; ///< sum of min(0, r - risk_free_period)^2
  // Drawdown: the running peak, and the deepest fall (fall, its peak).
  money peak_;
  timestamp peak_time_{};
  std::int64_t worst_fall_ = 0; ///< micros
  std::int64_t worst_peak_ = 1; ///< micros, > 0
  optional_time worst_start_;
  optional_time worst_end_;
  // Exposure: integral of the invested share over time, and the time.
  double invested_micros_ = 0;
  double span_micros_ = 0;
};

} // namespace ledger
