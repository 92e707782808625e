#include "core/return_series.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ledger {

namespace {

// 365.25 days in microseconds: the year of annualized_return.
constexpr double year_micros = 365.25 * 86'400 * 1e6;

double micros_between(timestamp a, timestamp b) {
  return static_cast<double>(
    std::chrono::duration_cast<std::chrono::microseconds>(b - a).count());
}

// (value - cash) / value; nothing is invested in a worthless book.
double invested_share(money value, money balance) {
  if (value.micros() <= 0)
    return 0;
  return static_cast<double>(value.micros() - balance.micros()) /
         static_cast<double>(value.micros());
}

std::optional<double> finite(double x) {
  if (!std::isfinite(x))
    return std::nullopt;
  return x;
}

} // namespace

return_series::return_series(double periods_per_year, double risk_free_period)
  : periods_per_year_(periods_per_year), risk_free_period_(risk_free_period) {}

void return_series::add(timestamp time, money value, money balance) {
  if (points_ == 0) {
    first_time_ = time;
    first_value_ = value;
    peak_ = value;
    peak_time_ = time;
  } else {
    // Returns: Welford's update, stable over a million points.
    if (last_value_.micros() <= 0) {
      returns_defined_ = false;
    } else {
      double r = static_cast<double>(value.micros() - last_value_.micros()) /
                 static_cast<double>(last_value_.micros());
      ++returns_;
      double delta = r - mean_;
      mean_ += delta / static_cast<double>(returns_);
      m2_ += delta * (r - mean_);
      double below = std::min(0.0, r - risk_free_period_);
      downside_sq_ += below * below;
    }
    // Exposure: the previous point's share held until this point.
    double dt = micros_between(last_time_, time);
    invested_micros_ += last_invested_ * dt;
    span_micros_ += dt;
    // Drawdown from the running peak (the latest time at the peak value),
    // compared exactly: fall / peak > worst_fall / worst_peak.
    if (value >= peak_) {
      peak_ = value;
      peak_time_ = time;
    } else if (peak_.micros() > 0) {
      std::int64_t fall = peak_.micros() - value.micros();
      if (static_cast<__int128>(fall) * worst_peak_ >
          static_cast<__int128>(worst_fall_) * peak_.micros()) {
        worst_fall_ = fall;
        worst_peak_ = peak_.micros();
        worst_start_ = peak_time_;
        worst_end_ = time;
      }
    }
  }
  ++points_;
  last_time_ = time;
  last_value_ = value;
  last_invested_ = invested_share(value, balance);
  value_sum_ += static_cast<double>(value.micros());
}

std::optional<timestamp> return_series::first_time() const {
  return points_ == 0 ? std::nullopt : std::optional<timestamp>{first_time_};
}

std::optional<timestamp> return_series::last_time() const {
  return points_ == 0 ? std::nullopt : std::optional<timestamp>{last_time_};
}

std::optional<double> return_series::total_return() const {
  if (points_ == 0 || first_value_.micros() <= 0)
    return std::nullopt;
  return static_cast<double>(last_value_.micros() - first_value_.micros()) /
         static_cast<double>(first_value_.micros());
}

std::optional<double> return_series::annualized_return() const {
  auto total = total_return();
  double span = micros_between(first_time_, last_time_);
  if (!total || span <= 0)
    return std::nullopt;
  if (*total <= -1)
    return -1.0; // all was lost: compounding cannot bring it back
  // Through log1p/expm1: precise for the small growth of short spans.
  return finite(std::expm1(std::log1p(*total) * (year_micros / span)));
}

std::optional<double> return_series::volatility() const {
  if (!returns_usable())
    return std::nullopt;
  double variance = m2_ / static_cast<double>(returns_ - 1);
  return finite(std::sqrt(variance) * std::sqrt(periods_per_year_));
}

std::optional<double> return_series::sharpe() const {
  if (!returns_usable())
    return std::nullopt;
  double deviation = std::sqrt(m2_ / static_cast<double>(returns_ - 1));
  if (deviation == 0)
    return std::nullopt;
  return finite((mean_ - risk_free_period_) / deviation *
                std::sqrt(periods_per_year_));
}

std::optional<double> return_series::sortino() const {
  if (!returns_usable())
    return std::nullopt;
  double downside = std::sqrt(downside_sq_ / static_cast<double>(returns_));
  if (downside == 0)
    return std::nullopt;
  return finite((mean_ - risk_free_period_) / downside *
                std::sqrt(periods_per_year_));
}

std::optional<double> return_series::max_drawdown() const {
  if (points_ == 0)
    return std::nullopt;
  return static_cast<double>(worst_fall_) / static_cast<double>(worst_peak_);
}

std::optional<timestamp> return_series::max_drawdown_start() const {
  return worst_start_;
}

std::optional<timestamp> return_series::max_drawdown_end() const {
  return worst_end_;
}

std::optional<double> return_series::exposure() const {
  if (span_micros_ <= 0)
    return std::nullopt;
  return invested_micros_ / span_micros_;
}

std::optional<double> return_series::mean_value() const {
  if (points_ == 0)
    return std::nullopt;
  return value_sum_ / static_cast<double>(points_) / fixed_scale;
}

} // namespace ledger
