#pragma once

#include "actors/backlog.hpp"
#include "actors/interfaces.hpp"
#include "actors/metrics.hpp"
#include "actors/shard_ownership.hpp"
#include "persistence/store.hpp"

#include <caf/actor_clock.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace ledger {

/// Tuning of the persistence actor.
struct persistence_options {
  std::string database_url;
  /// Facts written per transaction at most.
  std::size_t batch_size = 1024;
  /// The least time between the starts of two writes, so the longest a
  /// fact waits for others to join its batch: a fact that finds the writer
  /// idle for longer is written at once. Under load it bounds the
  /// transactions per second (each costs Postgres a commit and its
  /// statements' start-up whatever its size), and batches grow instead.
  /// 0 is plain group commit: whatever arrived during a write is the next.
  std::chrono::milliseconds batch_delay{0};
  /// Queued facts at which ledgers pause (nothing is dropped): `backlog`
  /// is set until the queue has drained to half of it.
  std::size_t capacity = 10'000;
  /// Read by the ledgers (ledger_deps::backlog).
  std::shared_ptr<persistence_backlog> backlog =
    std::make_shared<persistence_backlog>();
  /// Retry delays while the database is away: doubling up to the maximum.
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{std::chrono::seconds{5}};
  /// Longest one call may wait on the database before its connection is
  /// broken and the database counts as failing (zero: forever). A frozen
  /// server is noticed after it, and the queue bound acts again.
  std::chrono::milliseconds stall_limit =
    persistence::store::default_stall_limit;
  /// Counts each committed tick's latency from its timer, when set.
  std::shared_ptr<engine_metrics> metrics;
  /// With several nodes (docs/scale-out.md): the leases this node holds.
  /// Facts are written fenced by their epochs; a ledger's facts are
  /// dropped once its shard is no longer this node's. Unset: one engine
  /// owns every ledger and writes unfenced.
  std::shared_ptr<const shard_ownership> ownership;
};

struct persistence_state {
  using fact = std::variant<tick_record, status_change>;

  persistence_options options;
  std::unique_ptr<persistence::store> db;
  std::deque<fact> queue;
  bool timer_armed = false;
  bool write_now = false; ///< a tick for a waited-for write is on its way
  /// When the last write began, by the actor clock (batch_delay counts
  /// from it); none yet: the first fact is written at once.
  std::optional<caf::actor_clock::time_point> last_write;
  std::chrono::milliseconds backoff{0};
  persistence_health health;
  /// Facts dropped because their shard was not (or no longer) this node's.
  std::uint64_t fenced = 0;
  /// Work that must wait until the queue is empty (loads, flushes).
  std::vector<std::function<void()>> after_drain;
  /// Facts queued per ledger, and who waits for a ledger's to be written
  /// (a read of one ledger waits for its own facts, not everybody's).
  std::unordered_map<std::string, std::size_t> queued_by_ledger;
  std::unordered_map<std::string,
                     std::vector<caf::typed_response_promise<bool>>>
    ledger_waiters;

  persistence_state();
  ~persistence_state();
  static inline const char* name = "persistence";
};

/// The only owner of the database connection. Spawn it detached in
/// production (libpqxx blocks); tests may run it attached.
persistence_actor::behavior_type
persistence_fn(persistence_actor::stateful_pointer<persistence_state> self,
               persistence_options options);

} // namespace ledger
