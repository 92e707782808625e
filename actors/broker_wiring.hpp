#pragma once

// Connects an engine to RabbitMQ: the broker link thread, the AMQP gateway
// to workers, the command consumer, quotes into the market actor, and
// events out of the ledgers.

#include "actors/amqp_gateway.hpp"
#include "actors/broker_link.hpp"
#include "actors/command_handler.hpp"
#include "actors/event_sink.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace ledger {

/// The broker side of an engine, built in two steps because the registry
/// needs the gateway and the command handler needs the registry.
class broker_wiring {
public:
  /// With `tick_events`, every tick record is also published on
  /// ledger.events (status changes always are). At most `max_in_flight`
  /// trade requests await replies; more are shed (skipped ticks).
  broker_wiring(caf::actor_system& sys, std::string url,
                messaging::topology topology, bool tick_events = false,
                std::size_t max_in_flight = 1000);
  ~broker_wiring();

  /// The gateway for ledger_deps.gateway.
  gateway_actor gateway() const;

  /// The sink for ledger_deps.events.
  std::shared_ptr<event_sink> events() const;

  /// The count of requests awaiting workers, for ledger_deps.admission.
  std::shared_ptr<ledger::admission> admission() const { return admission_; }

  /// Spawns the command handler and starts the link thread. With
  /// `ownership` (several nodes), also the forwarder, and the link consumes
  /// the queues of the shards this node serves.
  void start(registry_actor registry, market_actor market, reader_actor reader,
             persistence_actor persistence,
             std::shared_ptr<const shard_ownership> ownership = nullptr);

  /// Forwards changes to other nodes' ledgers; unset with one engine.
  forwarder_actor forwarder() const { return forwarder_; }

  /// Stops the link thread (publishing what is queued, within `grace`)
  /// and the actors.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds{2});

  bool connected() const { return link_->connected(); }

  /// The link's condition and counters.
  broker_figures figures() const {
    auto f = link_->stats();
    f.requests_in_flight = admission_->in_flight.load();
    f.in_flight_limit = admission_->limit.load();
    return f;
  }

private:
  struct targets;
  caf::actor_system& sys_;
  std::shared_ptr<targets> targets_;
  std::shared_ptr<broker_link> link_;
  amqp_gateway_actor gateway_;
  forwarder_actor forwarder_;
  std::shared_ptr<event_sink> events_;
  std::shared_ptr<ledger::admission> admission_;
};

} // namespace ledger
