#include "core/order.hpp"

namespace ledger {

std::string_view to_string(side s) {
  return s == side::buy ? "buy" : "sell";
}

std::optional<side> parse_side(std::string_view text) {
  if (text == "buy")
    return side::buy;
  if (text == "sell")
    return side::sell;
  return std::nullopt;
}

std::optional<std::string> negative_holding(const holdings& h) {
  for (auto& [ticker, shares] : h)
    if (shares < 0)
      return "holding of " + ticker + " is negative (" +
             std::to_string(shares) +
             "): a ledger cannot hold fewer than 0 shares";
  return std::nullopt;
}

} // namespace ledger
