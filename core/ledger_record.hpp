#pragma once

#include "core/ledger_config.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"

#include <cstdint>
#include <optional>

namespace ledger {

/// A ledger as stored: its configuration, lifecycle and the book as of its
/// last committed tick. Enough to rebuild the ledger after a restart.
struct ledger_record {
  ledger_config config;
  ledger_status status = ledger_status::created;
  std::optional<timestamp> first_started;
  money balance;      ///< after the last committed tick
  holdings positions; ///< after the last committed tick
  std::int64_t last_tick = 0;
  std::optional<timestamp> last_tick_at;
  timestamp created_at;
};

/// A fresh record for a new ledger: the initial balance, nothing held.
inline ledger_record new_ledger_record(ledger_config config, timestamp now) {
  ledger_record r;
  r.balance = config.initial_balance;
  r.config = std::move(config);
  r.created_at = now;
  return r;
}

} // namespace ledger
