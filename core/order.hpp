#pragma once

#include "core/price.hpp"
#include "core/quantity.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ledger {

enum class side { buy, sell };

/// "buy" / "sell", the wire spelling.
std::string_view to_string(side s);
std::optional<side> parse_side(std::string_view text);

/// A trade as asked for: by a model (then `price` is a limit) or reported
/// through update_ledger as executed elsewhere (then `price` is the
/// execution price). Both spell it `price` on the wire.
struct order {
  side direction;
  std::string ticker;
  quantity shares;
  std::optional<ledger::price> price;
};

/// The prices a tick was shown (or the last known marks), by ticker.
using price_map = std::map<std::string, price, std::less<>>;

/// Shares held, by ticker; a ticker held at zero is absent.
using holdings = std::map<std::string, std::int64_t, std::less<>>;

/// "holding of GOOG is negative (-5): ..." for the first ticker held at
/// fewer than 0 shares; nullopt when there is none. A reporter's stated
/// holdings may say so; a book's never do.
std::optional<std::string> negative_holding(const holdings& h);

} // namespace ledger
