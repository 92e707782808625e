#pragma once

// A ledger's performance statistics, computed by streaming its value points
// and fills (in the order they were recorded) into an accumulator, so memory
// stays flat however long the record: only the open FIFO lots are kept.
// Ratios are doubles (plain fractions, not percents); money stays exact.
// docs/api.md ("Statistics") defines every member precisely.

#include "core/money.hpp"
#include "core/optional_time.hpp"
#include "core/outcome.hpp"
#include "core/return_series.hpp"
#include "core/round_trips.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace ledger {

/// What the statistics are computed with.
struct statistics_settings {
  /// The ledger's tick interval: one return per interval, so
  /// periods_per_year = 365.25 days / interval.
  std::chrono::milliseconds interval{60'000};
  /// The annual risk-free rate as a fraction (0.02 for 2 %).
  double risk_free = 0;
};

/// The statistics of one value series and its fills. Null (nullopt) where
/// undefined; see docs/api.md for each definition.
struct statistics {
  std::uint64_t points = 0; ///< value points used
  std::optional<timestamp> first_time;
  std::optional<timestamp> last_time;
  double periods_per_year = 0;
  double risk_free = 0;
  std::optional<double> total_return;
  std::optional<double> annualized_return;
  std::optional<double> volatility;
  std::optional<double> sharpe;
  std::optional<double> sortino;
  std::optional<double> max_drawdown; ///< a positive fraction of the peak
  std::optional<timestamp> max_drawdown_start; ///< the peak
  std::optional<timestamp> max_drawdown_end;   ///< the trough
  std::uint64_t fills = 0;
  std::uint64_t round_trips = 0;
  std::uint64_t winning_round_trips = 0;
  std::optional<double> win_rate;
  std::optional<double> turnover;
  /// Sum of shares x fill price; none on overflow.
  std::optional<money> traded = money{};
  std::optional<money> fees = money{}; ///< none on overflow
  std::optional<double> exposure;
};

/// Periods per year for a tick interval: 365.25 days / interval.
double periods_per_year(std::chrono::milliseconds interval);

/// Feeds value points and fills, each in recorded order (the two streams
/// are independent), then finish().
class statistics_accumulator {
public:
  explicit statistics_accumulator(statistics_settings settings);

  void add_point(timestamp time, money value, money balance) {
    series_.add(time, value, balance);
  }

  void add_fill(const fill& f) { trips_.add(f); }

  statistics finish() const;

private:
  statistics_settings settings_;
  return_series series_;
  round_trips trips_;
};

} // namespace ledger
