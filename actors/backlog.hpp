#pragma once

// Whether persistence is behind, shared by the persistence actor (which sets
// it when its queue reaches capacity and clears it once the queue has drained
// to half) and every ledger (which reads it when its timer fires and waits
// instead of ticking while it is set). A flag rather than a message: telling
// each ledger would cost a message per ledger at the moment the engine is
// already behind, a set of paused ledgers in the persistence actor, and a
// handler in every ledger's behavior (memory in each of a million ledgers).

#include <atomic>

namespace ledger {

struct persistence_backlog {
  std::atomic<bool> full{false};

  bool is_full() const { return full.load(std::memory_order_relaxed); }
};

} // namespace ledger
