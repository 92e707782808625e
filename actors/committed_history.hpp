#pragma once

// What a view of one ledger shows from the database, read one way for REST
// (api/actor_backend.cpp) and for the command queue
// (actors/command_handler.cpp): the ledger's fills and value points once
// its queued facts are committed, up to the view's last tick and without a
// tick still in flight, so they agree with the view's balance and holdings.
// Without CAF: the read itself is in actors/read_committed_history.hpp.

#include "core/ledger_record.hpp"
#include "persistence/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ledger {

struct committed_history {
  std::vector<persistence::trade_row> trades;
  std::vector<persistence::valuation_row> values;
  /// False when the writer was disconnected: the ledger's queued facts
  /// could not be waited for and may be missing (show it, never cache it).
  bool complete = true;
};

/// Drops what a view at `last_tick`, with `pending` in flight, does not
/// show: later ticks (finished after the view was taken) and the pending one.
void keep_shown(committed_history& h, std::int64_t last_tick,
                std::optional<std::int64_t> pending);

/// The old view_ledger object (json/seed_view.hpp) of `record` with `h`.
std::string seed_view_json(const committed_history& h,
                           const ledger_record& record);

} // namespace ledger
