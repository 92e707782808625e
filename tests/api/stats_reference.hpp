#pragma once

// The statistics of docs/api.md computed the plain way, from a ledger's
// /history points and /trades fills as a client reads them: whole arrays,
// two-pass variance, pow instead of expm1/log1p, its own FIFO queue. The
// integration tests compare the engine's /stats and /compare with these.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ledger::test {

struct ref_point {
  std::int64_t micros; ///< time since the epoch
  std::int64_t value;  ///< micros of money
  std::int64_t balance;
  std::string time; ///< as the API wrote it
};

struct ref_fill {
  bool buy;
  std::string ticker;
  std::int64_t shares;
  std::int64_t price; ///< micros
  std::int64_t fee;   ///< micros
};

struct reference {
  std::optional<double> total_return, annualized_return, volatility, sharpe,
    sortino, max_drawdown, win_rate, turnover, exposure;
  std::optional<std::string> max_drawdown_start, max_drawdown_end;
  std::int64_t traded = 0, fees = 0;
  std::uint64_t round_trips = 0, wins = 0;
};

inline reference compute_reference(const std::vector<ref_point>& p,
                                   const std::vector<ref_fill>& fills,
                                   double interval_ms, double risk_free) {
  reference r;
  const double periods = 365.25 * 86'400'000 / interval_ms;
  const double rf = std::pow(1 + risk_free, 1 / periods) - 1;
  auto n = p.size();
  if (n > 0) {
    double v0 = static_cast<double>(p[0].value);
    double vn = static_cast<double>(p[n - 1].value);
    r.total_return = vn / v0 - 1;
    double span = static_cast<double>(p[n - 1].micros - p[0].micros);
    if (span > 0)
      r.annualized_return = std::pow(vn / v0, 365.25 * 86'400e6 / span) - 1;
    // Drawdown from the running peak (the latest point at the peak value).
    std::size_t peak = 0;
    double worst = 0;
    for (std::size_t j = 1; j < n; ++j) {
      if (p[j].value >= p[peak].value) {
        peak = j;
        continue;
      }
      double fall = static_cast<double>(p[peak].value - p[j].value) /
                    static_cast<double>(p[peak].value);
      if (fall > worst) {
        worst = fall;
        r.max_drawdown_start = p[peak].time;
        r.max_drawdown_end = p[j].time;
      }
    }
    r.max_drawdown = worst;
    double sum = 0, weighted = 0;
    for (auto& x : p)
      sum += static_cast<double>(x.value);
    for (std::size_t i = 0; i + 1 < n; ++i)
      weighted += static_cast<double>(p[i].value - p[i].balance) /
                  static_cast<double>(p[i].value) *
                  static_cast<double>(p[i + 1].micros - p[i].micros);
    if (span > 0)
      r.exposure = weighted / span;
    double mean_value = sum / static_cast<double>(n) / 1e6;
    for (auto& f : fills) {
      r.traded += f.shares * f.price;
      r.fees += f.fee;
    }
    r.turnover = static_cast<double>(r.traded) / 1e6 / mean_value;
  }
  if (n >= 3) {
    std::vector<double> returns;
    for (std::size_t i = 1; i < n; ++i)
      returns.push_back(static_cast<double>(p[i].value) /
                          static_cast<double>(p[i - 1].value) -
                        1);
    double mean = 0;
    for (auto x : returns)
      mean += x;
    mean /= static_cast<double>(returns.size());
    double squares = 0, down = 0;
    for (auto x : returns) {
      squares += (x - mean) * (x - mean);
      if (x < rf)
        down += (x - rf) * (x - rf);
    }
    double sd = std::sqrt(squares / static_cast<double>(returns.size() - 1));
    double dd = std::sqrt(down / static_cast<double>(returns.size()));
    r.volatility = sd * std::sqrt(periods);
    if (sd > 0)
      r.sharpe = (mean - rf) / sd * std::sqrt(periods);
    if (dd > 0)
      r.sortino = (mean - rf) / dd * std::sqrt(periods);
  }
  // FIFO: lots of (shares left, net cost per share).
  std::map<std::string, std::deque<std::pair<std::int64_t, double>>> lots;
  for (auto& f : fills) {
    if (f.buy) {
      lots[f.ticker].push_back(
        {f.shares, static_cast<double>(f.shares * f.price + f.fee) /
                     static_cast<double>(f.shares)});
      continue;
    }
    double proceeds = static_cast<double>(f.shares * f.price - f.fee) /
                      static_cast<double>(f.shares);
    auto left = f.shares;
    auto& open = lots[f.ticker];
    while (left > 0 && !open.empty()) {
      auto take = std::min(left, open.front().first);
      ++r.round_trips;
      r.wins += proceeds > open.front().second ? 1 : 0;
      left -= take;
      open.front().first -= take;
      if (open.front().first == 0)
        open.pop_front();
    }
  }
  if (r.round_trips > 0)
    r.win_rate =
      static_cast<double>(r.wins) / static_cast<double>(r.round_trips);
  return r;
}

} // namespace ledger::test
