#pragma once

#include "actors/interfaces.hpp"

#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace ledger {

namespace persistence {
class store;
} // namespace persistence

/// Tuning of the persistence actor.
struct persistence_options {
  std::string database_url;
  /// A batch is written when this many facts are queued...
  std::size_t batch_size = 256;
  /// ...or this long after the first of them arrived.
  std::chrono::milliseconds batch_delay{20};
  /// Queued facts beyond which ledgers are paused (nothing is dropped).
  std::size_t capacity = 10'000;
  /// Retry delays while the database is away: doubling up to the maximum.
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{std::chrono::seconds{5}};
};

struct persistence_state {
  using fact = std::variant<tick_record, status_change>;

  persistence_options options;
  std::unique_ptr<persistence::store> db;
  std::deque<fact> queue;
  std::set<ledger_actor> paused;
  bool timer_armed = false;
  std::chrono::milliseconds backoff{0};
  persistence_health health;
  /// Work that must wait until the queue is empty (loads, flushes).
  std::vector<std::function<void()>> after_drain;

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
