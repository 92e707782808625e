#pragma once

#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"

#include <cstdint>
#include <string_view>

namespace ledger {

/// A ledger's cash and positions. Only fills produced by `execute` (which
/// validated them against this book) change it; `apply` re-checks and
/// throws std::logic_error rather than let balance or a holding go negative.
class book {
public:
  explicit book(money balance, ledger::holdings positions = {});

  money balance() const { return balance_; }

  const ledger::holdings& positions() const { return positions_; }

  /// Shares held of `ticker`; zero when none.
  std::int64_t shares(std::string_view ticker) const;

  void apply(const fill& f);

private:
  money balance_;
  ledger::holdings positions_;
};

} // namespace ledger
