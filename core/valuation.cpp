#include "core/valuation.hpp"

namespace ledger {

std::optional<money> value_of(const book& b, const price_map& marks) {
  auto total = b.balance().micros();
  for (auto& [ticker, shares] : b.positions()) {
    auto mark = marks.find(ticker);
    if (mark == marks.end())
      return std::nullopt;
    auto worth = checked_mul(mark->second.micros(), shares);
    if (!worth)
      return std::nullopt;
    auto sum = checked_add(total, *worth);
    if (!sum)
      return std::nullopt;
    total = *sum;
  }
  return money::from_micros(total);
}

} // namespace ledger
