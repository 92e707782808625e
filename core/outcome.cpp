#include "core/outcome.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr enum_names<reject_code, 7> names{{
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
  return name_in(names, code, "invalid_trade");
}

std::optional<reject_code> parse_reject_code(std::string_view text) {
  return value_in(names, text);
}

} // namespace ledger
