#include "core/outcome.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr std::array<std::pair<reject_code, std::string_view>, 7> names{{
  {reject_code::unknown_ticker, "unknown_ticker"},
  {reject_code::invalid_trade, "invalid_trade"},
  {reject_code::no_quote, "no_quote"},
  {reject_code::insufficient_funds, "insufficient_funds"},
  {reject_code::insufficient_holdings, "insufficient_holdings"},
  {reject_code::limit_not_met, "limit_not_met"},
  {reject_code::price_off_market, "price_off_market"},
}};

} // namespace

std::string_view to_string(reject_code code) {
  for (auto& [value, name] : names)
    if (value == code)
      return name;
  return "invalid_trade";
}

std::optional<reject_code> parse_reject_code(std::string_view text) {
  for (auto& [value, name] : names)
    if (name == text)
      return value;
  return std::nullopt;
}

} // namespace ledger
