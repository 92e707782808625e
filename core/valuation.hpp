#pragma once

#include "core/book.hpp"
#include "core/money.hpp"
#include "core/order.hpp"

#include <optional>

namespace ledger {

/// Value = balance + sum of holding x mark. nullopt when a held ticker has
/// no mark or the sum does not fit.
std::optional<money> value_of(const book& b, const price_map& marks);

} // namespace ledger
