#include "core/book.hpp"

#include <stdexcept>

namespace ledger {

book::book(money balance, ledger::holdings positions)
  : balance_(balance), positions_(std::move(positions)) {
  if (balance_ < money{})
    throw std::invalid_argument("a book cannot start with a negative balance");
  for (auto& [ticker, shares] : positions_)
    if (shares <= 0)
      throw std::invalid_argument("holding of " + ticker + " is not positive");
}

std::int64_t book::shares(std::string_view ticker) const {
  auto i = positions_.find(ticker);
  return i == positions_.end() ? 0 : i->second;
}

void book::apply(const fill& f) {
  auto balance = add(balance_, f.cash_delta);
  if (!balance || *balance < money{})
    throw std::logic_error("fill would make the balance negative");
  auto held = shares(f.ticker);
  auto delta =
    f.direction == side::buy ? f.shares.shares() : -f.shares.shares();
  auto after = checked_add(held, delta);
  if (!after || *after < 0)
    throw std::logic_error("fill would make a holding negative");
  balance_ = *balance;
  if (*after == 0)
    positions_.erase(f.ticker);
  else
    positions_.insert_or_assign(f.ticker, *after);
}

} // namespace ledger
