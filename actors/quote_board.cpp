#include "actors/quote_board.hpp"

#include <atomic>

namespace ledger {

quote_board::quote_board() : current_(std::make_shared<const price_map>()) {}

price_map quote_board::snapshot(const std::vector<std::string>& tickers) const {
  auto prices = std::atomic_load(&current_);
  price_map out;
  for (auto& t : tickers)
    if (auto i = prices->find(t); i != prices->end())
      out.emplace(t, i->second);
  return out;
}

void quote_board::publish(std::shared_ptr<const price_map> prices) {
  std::atomic_store(&current_, std::move(prices));
}

} // namespace ledger
