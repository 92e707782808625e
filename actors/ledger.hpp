#pragma once

#include "actors/admission.hpp"
#include "actors/backlog.hpp"
#include "actors/event_sink.hpp"
#include "actors/interfaces.hpp"
#include "actors/metrics.hpp"
#include "actors/quote_board.hpp"
#include "core/ledger_state.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace ledger {

/// What every ledger actor talks to, and the clock it reads.
struct ledger_deps {
  market_actor market;
  gateway_actor gateway;
  persistence_actor persistence;
  /// Wall-clock time for records and lifespans; tests substitute their own.
  std::function<timestamp()> clock = [] {
    return std::chrono::system_clock::now();
  };
  /// A model gets min(interval, this) to answer.
  std::chrono::milliseconds max_deadline{std::chrono::seconds{5}};
  /// How long to wait for the market's snapshot.
  std::chrono::milliseconds snapshot_timeout{std::chrono::seconds{1}};
  /// How long a report waits for its record to be committed before it
  /// answers that the database has not confirmed it.
  std::chrono::milliseconds commit_timeout{std::chrono::seconds{10}};
  /// Counts every tick record handed to persistence, when set (/metrics).
  std::shared_ptr<engine_metrics> metrics;
  /// Tick and status events out, and the tickers to bind, when set.
  std::shared_ptr<event_sink> events;
  /// The market's prices without a message, when set (else the market
  /// actor is asked).
  std::shared_ptr<quote_board> board;
  /// Requests awaiting workers; a tick is shed at once while it is full.
  std::shared_ptr<ledger::admission> admission;
  /// Set while persistence is behind: ticks wait (persistence_options).
  std::shared_ptr<const persistence_backlog> backlog;
};

struct ledger_actor_state {
  std::optional<ledger_state> ledger;
  /// Shared by every ledger of an engine: one copy, not one per ledger.
  std::shared_ptr<const ledger_deps> deps;
  bool timer_armed = false; ///< exactly one timer loop per ledger
  /// The status this ledger is counted under in deps->metrics, if counted
  /// (two small fields: they fit in the padding after timer_armed).
  bool counted = false;
  ledger_status counted_status = ledger_status::created;
  static inline const char* name = "ledger";

  ledger_actor_state() = default;
  ledger_actor_state(const ledger_actor_state&) = delete;
  ledger_actor_state& operator=(const ledger_actor_state&) = delete;
  /// CAF destroys the state when the actor exits, however it exits: the
  /// one place a ledger leaves the counts.
  ~ledger_actor_state();
};

/// The exit reason the registry sends a ledger that is deleted: unlike a
/// stop of the engine, it ends the ledger for good, so the ledger releases
/// its tickers and its model instance.
caf::error ledger_deleted();

/// A ledger actor rebuilt from `record`. A ledger stored as running
/// resumes on its schedule: its next tick falls one interval after its
/// last, at once if that has passed, after recording the ticks it missed
/// while the engine was down.
ledger_actor::behavior_type
ledger_fn(ledger_actor::stateful_pointer<ledger_actor_state> self,
          ledger_record record, std::shared_ptr<const ledger_deps> deps);

} // namespace ledger
