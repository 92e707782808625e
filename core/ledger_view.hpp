#pragma once

// A ledger as it stands: the one view type the engine answers with, the
// REST adapter renders and command replies carry (without the identity
// fields, which stay inside the process).

#include "core/ledger_record.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <optional>

namespace ledger {

struct ledger_view {
  ledger_record record;
  std::optional<money> value; ///< at the latest known prices; null while a
                              ///< holding has no price
  bool backlogged = false;    ///< ticks shed because persistence is behind
  /// Which actor answered: a deleted and re-created (or restarted) ledger
  /// is another one, whose revisions start again. With `revision`
  /// (ledger_state::revision()), equal while nothing a view shows changed.
  std::uint64_t incarnation = 0;
  std::uint64_t revision = 0;
  /// A tick begun but not finished: its number is counted in
  /// record.last_tick, but none of its facts is readable yet.
  std::optional<std::int64_t> pending_tick;
};

} // namespace ledger
