#pragma once

// The engine's actors, spawned in the order their handles are needed and
// stopped in the reverse: persistence, market, gateway (an algorithm in
// the process, or RabbitMQ through broker_wiring), registry, and with a
// broker the command handler and its reader. ledgerd and the test fixtures
// build the engine here, so the wiring exists once.

#include "actors/event_sink.hpp"
#include "actors/interfaces.hpp"
#include "actors/metrics.hpp"
#include "actors/persistence.hpp"
#include "actors/shard_ownership.hpp"
#include "messaging/topology.hpp"

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ledger {

class broker_wiring;

/// Where the engine's RabbitMQ is and what it publishes there.
struct broker_settings {
  std::string url;
  messaging::topology topology;
  bool tick_events = false; ///< every tick on ledger.events, not only status
  std::size_t max_in_flight = 1000; ///< trade requests awaiting workers
};

struct engine_settings {
  persistence_options persistence;
  /// Exactly one of the two: a broker, or a gateway the caller spawns (an
  /// algorithm run in the process, a test's script).
  std::optional<broker_settings> broker;
  std::function<gateway_actor(caf::actor_system&)> make_gateway;
  /// Persistence and the command reader on threads of their own (libpqxx
  /// blocks). Off only under CAF's deterministic test scheduler, which runs
  /// every actor itself.
  bool detached = true;
  /// A model gets min(its ledger's interval, this) to answer.
  std::chrono::milliseconds max_deadline{std::chrono::seconds{5}};
  /// The ledgers' wall clock, when set; tests substitute a virtual one.
  std::function<timestamp()> clock;
  /// Where ledgers report events, when set (tests record them; ledgerd's
  /// live-events hub). With a broker, ledgers report to the broker's sink
  /// and to this one.
  std::shared_ptr<event_sink> events;
  /// With several ledgerd nodes on one database (docs/scale-out.md): the
  /// leases of this node, kept by its lease keeper. The registry then runs
  /// only the ledgers of the shards held (atom::acquire, atom::release)
  /// and persistence writes fenced. Unset: this engine owns every ledger.
  std::shared_ptr<shard_ownership> ownership;
};

/// A running engine. Move-only; stop() or kill() it before the actor
/// system ends.
class engine {
public:
  engine();
  engine(engine&&) noexcept;
  engine& operator=(engine&&) noexcept;
  ~engine();

  registry_actor registry;
  market_actor market;
  persistence_actor persistence;
  gateway_actor gateway;
  /// With a broker and several nodes (ownership): changes for ledgers of
  /// other nodes go through it (actors/forwarder.hpp). Unset otherwise.
  forwarder_actor forwarder;
  std::shared_ptr<engine_metrics> metrics;

  /// The broker link's condition and counters; empty without a broker.
  std::function<broker_figures()> broker_status() const;

  /// An orderly stop, blocking `self`: the broker link publishes what it
  /// holds, every ledger ends (recording a tick in flight), persistence
  /// commits its queue, then every actor exits. Each step is bounded by a
  /// share of `limit`; what fails is printed to stderr and the stop goes on.
  void stop(caf::scoped_actor& self, std::chrono::milliseconds limit);

  /// Every actor killed at once, persistence first, so what it has not
  /// written is lost as in a crash (for tests).
  void kill();

private:
  friend caf::expected<engine> spawn_engine(caf::actor_system&,
                                            engine_settings);
  std::unique_ptr<broker_wiring> broker_;
  reader_actor command_reader_; ///< view's queries, apart from REST reads
};

/// Spawns an engine. Recovery is the caller's next step (ask the registry
/// for atom::load_all), so that tests can drive it on their own scheduler.
/// Fails with ec::invalid_config, before spawning anything, when the
/// settings name no gateway or two, or the broker's URL does not parse.
caf::expected<engine> spawn_engine(caf::actor_system& sys,
                                   engine_settings settings);

} // namespace ledger
