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

} // namespace ledger
