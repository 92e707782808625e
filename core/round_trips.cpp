#include "core/round_trips.hpp"

#include <algorithm>

namespace ledger {

namespace {

// A running sum that turns null for good once it overflows.
void accumulate(std::optional<money>& sum, std::optional<money> amount) {
  if (sum && amount)
    sum = add(*sum, *amount);
  else
    sum = std::nullopt;
}

} // namespace

void round_trips::add(const fill& f) {
  ++fills_;
  auto notional = checked_mul(f.shares.shares(), f.fill_price.micros());
  accumulate(traded_, notional ? std::optional{money::from_micros(*notional)}
                               : std::nullopt);
  accumulate(fees_, f.fee);

  auto shares = f.shares.shares();
  if (f.direction == side::buy) {
    // cash_delta = -(notional + fee): the whole buy's net cost.
    lots_[f.ticker].push_back(lot{shares, shares, -f.cash_delta.micros()});
    return;
  }
  auto found = lots_.find(f.ticker);
  if (found == lots_.end())
    return; // nothing bought to match: no round trip
  auto& open = found->second;
  // The sell's net proceeds per share are cash_delta / shares, a lot's net
  // cost per share cost / bought: a gain when
  //   cash_delta * bought > cost * shares   (exact, in 128 bits).
  while (shares > 0 && !open.empty()) {
    auto& oldest = open.front();
    auto matched = std::min(shares, oldest.open);
    ++closed_;
    if (static_cast<__int128>(f.cash_delta.micros()) * oldest.bought >
        static_cast<__int128>(oldest.cost) * f.shares.shares())
      ++won_;
    shares -= matched;
    oldest.open -= matched;
    if (oldest.open == 0)
      open.pop_front();
  }
  if (open.empty())
    lots_.erase(found);
}

std::optional<double> round_trips::win_rate() const {
  if (closed_ == 0)
    return std::nullopt;
  return static_cast<double>(won_) / static_cast<double>(closed_);
}

std::optional<money> round_trips::traded() const {
  return traded_;
}

std::optional<money> round_trips::fees() const {
  return fees_;
}

} // namespace ledger
