#include "feed/random_walk.hpp"

#include "core/fixed_point.hpp"

namespace ledger::feed {

namespace {

// Prices never walk below one cent, so a long walk cannot reach zero.
constexpr std::int64_t floor_micros = 10'000;

} // namespace

random_walk::random_walk(std::vector<std::string> tickers, std::uint64_t seed,
                         price start, std::int32_t max_step_bps)
  : tickers_(std::move(tickers)), prices_(tickers_.size(), start), rng_(seed),
    max_step_bps_(max_step_bps) {}

quote_batch random_walk::next(timestamp now) {
  std::uniform_int_distribution<std::int32_t> step{-max_step_bps_,
                                                   max_step_bps_};
  quote_batch out;
  for (std::size_t i = 0; i < tickers_.size(); ++i) {
    auto moved =
      scale_rounded(prices_[i].micros(), 10'000 + step(rng_), 10'000);
    auto micros = std::max(moved.value_or(prices_[i].micros()), floor_micros);
    prices_[i] = *price::from_micros(micros);
    out.push_back(quote{tickers_[i], now, prices_[i]});
  }
  return out;
}

} // namespace ledger::feed
