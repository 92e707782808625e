#pragma once

// What the routes ask of the engine, as an interface without CAF: the
// actor-backed implementation lives in api/actor_backend.cpp, and router
// tests substitute a fake. Every call answers through its callback exactly
// once, possibly on another thread, and never blocks the caller.

#include "actors/committed_history.hpp"
#include "actors/metrics.hpp"
#include "core/execution.hpp"
#include "core/ledger_config.hpp"
#include "core/ledger_record.hpp"
#include "core/ledger_view.hpp"
#include "persistence/store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ledger::api {

/// Why a call failed. `code` is the engine's error code spelling
/// ("unknown_ledger", "name_taken", "invalid_config", "invalid_transition",
/// "database_unavailable", "algorithm_unavailable", "holding_mismatch"),
/// or "timeout" / "internal" for failures of the plumbing.
struct failure {
  std::string code;
  std::string message;
  holdings computed; ///< holding_mismatch: what the trades would leave
};

/// A value or why there is none.
template <class T>
using outcome = std::variant<T, failure>;

/// Receives an outcome.
template <class T>
using callback = std::function<void(outcome<T>)>;

/// A ledger with its committed fills and value points (view_ledger).
struct ledger_snapshot {
  ledger_view ledger;
  committed_history history; ///< read as the command queue reads it
};

/// What /readyz reports.
struct readiness {
  bool database = false;              ///< the reader's query succeeded
  bool persistence_connected = false; ///< the writer holds a connection
  bool persistence_failing = false;   ///< the writer's last attempt failed
  bool backlogged = false;            ///< the writer's queue is full
  std::size_t queued = 0;             ///< facts the writer holds
  std::string detail;                 ///< why not ready, without secrets
  /// The message broker link; nullopt when the engine runs without one
  /// (--no-broker).
  std::optional<broker_figures> broker;

  /// Ready when ticks can be recorded and mutations accepted: the database
  /// answers, the writer is neither failing nor full, and the broker (if
  /// any) is connected and not blocking us.
  bool ok() const {
    return database && !persistence_failing && !backlogged &&
           (!broker || (broker->connected && !broker->blocked));
  }
};

/// The engine, as the routes see it.
/// With several ledgerd nodes (docs/scale-out.md): who holds a ledger's
/// engine shard, as this node last saw it ("" when nobody does).
struct ledger_owner {
  std::string node;
  int shard = 0;
  std::string http; ///< the owner's REST address, as it said
};

/// This node among the nodes sharing its database.
struct node_figures {
  std::string node;
  int shards = 0;                ///< engine shards in all
  std::size_t shards_held = 0;   ///< by this node
  std::size_t shards_served = 0; ///< whose forwarded commands it consumes
  std::size_t nodes_live = 0;    ///< as the lease keeper last read them
};

class backend {
public:
  virtual ~backend() = default;

  /// Creates a ledger, started when `start`.
  virtual void create(ledger_config config, bool start,
                      callback<ledger_view> done) = 0;
  virtual void start(std::string name, callback<ledger_view> done) = 0;
  virtual void stop(std::string name, callback<ledger_view> done) = 0;
  virtual void get(std::string name, callback<ledger_view> done) = 0;
  /// Every ledger, ordered by name.
  virtual void list(callback<std::vector<ledger_view>> done) = 0;
  /// Deletes a ledger and its record.
  virtual void remove(std::string name, callback<bool> done) = 0;
  /// Reported trades, all or nothing; with `expected`, applied only if the
  /// holdings afterwards equal it (else failure "holding_mismatch").
  virtual void report(std::string name, std::vector<order> trades,
                      std::optional<holdings> expected,
                      callback<report_result> done) = 0;

  /// The ledger as `known` (from get) describes it, with every fill and
  /// value point up to its last tick (after the ledger's queued facts are
  /// committed).
  virtual void snapshot(ledger_view known, callback<ledger_snapshot> done) = 0;
  /// A page of committed fills (after anything queued is committed).
  virtual void trades(std::string name, std::int64_t after_id,
                      std::size_t limit,
                      callback<std::vector<persistence::trade_row>> done) = 0;
  /// A page of committed value points: ticks > after_tick, times within
  /// [from, to], at most limit, in tick order.
  virtual void
  history(std::string name, std::int64_t after_tick, std::size_t limit,
          std::optional<timestamp> from, std::optional<timestamp> to,
          callback<std::vector<persistence::valuation_row>> done) = 0;
  /// A page of committed value history downsampled into buckets
  /// (store::value_buckets).
  virtual void history_buckets(std::string name,
                               persistence::bucket_request request,
                               callback<persistence::bucket_page> done) = 0;
  /// Statistics of the value points and fills within the request's window,
  /// and with `tallies` ticks by outcome and rejections by code
  /// (store::facts).
  virtual void facts(std::string name, persistence::facts_request request,
                     callback<persistence::ledger_facts> done) = 0;

  /// Idempotency keys (store::claim_idempotency_key and friends).
  virtual void claim(std::string ledger, std::string key,
                     std::string request_hash,
                     callback<persistence::idempotency_claim> done) = 0;
  /// Stores the response of a claimed key, or releases the claim.
  virtual void settle(std::string ledger, std::string key, bool release,
                      int status, std::string response,
                      callback<bool> done) = 0;

  /// Database and persistence condition.
  virtual void ready(callback<readiness> done) = 0;

  /// The engine's counters now; nullopt when it keeps none.
  virtual std::optional<metrics_snapshot> engine_figures() const = 0;

  /// The broker link's counters now; nullopt without a broker.
  virtual std::optional<broker_figures> broker() const = 0;

  /// Who holds the ledger's shard; nullopt without leases (one engine).
  virtual std::optional<ledger_owner> owner_of(const std::string&) const {
    return std::nullopt;
  }

  /// This node's shards; nullopt without leases.
  virtual std::optional<node_figures> node() const { return std::nullopt; }
};

} // namespace ledger::api
