#pragma once

#include "actors/interfaces.hpp"
#include "actors/ledger.hpp"
#include "actors/shard_ownership.hpp"

#include <caf/actor_addr.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ledger {

struct registry_state {
  std::shared_ptr<const ledger_deps> deps; ///< handed to every ledger
  std::map<std::string, ledger_actor, std::less<>> ledgers;
  /// For down messages: each ledger's name by actor id, pointing at the key
  /// of its `ledgers` entry (map keys do not move), so a name is stored
  /// once; a pointer, not a string_view, keeps the node in malloc's 32-byte
  /// class (one per ledger).
  std::unordered_map<caf::actor_id, const std::string*> names;
  /// Recent restart times per ledger, to stop a crash loop.
  std::map<std::string, std::deque<timestamp>, std::less<>> restarts;
  static inline const char* name = "registry";

  /// With several nodes: the leases this node holds (unset: every ledger
  /// is this engine's).
  std::shared_ptr<const shard_ownership> ownership;

  /// Shards being given up: the ledgers still to end, then who waits.
  struct release_wait {
    std::set<caf::actor_id> left;
    caf::typed_response_promise<std::size_t> promise;
  };
  std::vector<release_wait> releasing;

  /// Who waits for every ledger to be gone (a stop of the engine).
  std::vector<caf::typed_response_promise<std::size_t>> stopping;
  std::size_t stopped = 0;

  /// Ledgers do not outlive their supervisor.
  ~registry_state();
};

/// Most restarts of one ledger within a minute before it is left down.
inline constexpr std::size_t max_restarts_per_minute = 5;

/// The supervisor of every ledger of this engine.
/// The supervisor of every ledger of this engine; with `ownership`, of the
/// ledgers of the shards this node holds (docs/scale-out.md).
registry_actor::behavior_type
registry_fn(registry_actor::stateful_pointer<registry_state> self,
            ledger_deps deps, std::shared_ptr<const shard_ownership> ownership);

} // namespace ledger
