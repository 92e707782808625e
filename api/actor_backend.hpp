#pragma once

// The routes' backend on the engine's actors. Each call spawns a small
// bridge actor that sends the request(s) and hands the answer to the
// callback, on a CAF worker thread: neither the caller (an io thread) nor
// any actor ever blocks waiting.

#include "actors/interfaces.hpp"
#include "actors/metrics.hpp"
#include "actors/reader.hpp"
#include "actors/shard_ownership.hpp"
#include "api/backend.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

namespace ledger::api {

/// The actors the REST adapter talks to.
struct engine_handles {
  registry_actor registry;
  /// Changes for other nodes' ledgers go through it; unset with one engine.
  forwarder_actor forwarder;
  persistence_actor persistence;
  std::vector<reader_actor> readers;       ///< used in turn; at least one
  std::shared_ptr<engine_metrics> metrics; ///< may be null
  /// Longest wait for an actor's answer before answering 503.
  std::chrono::milliseconds timeout{std::chrono::seconds{10}};
  /// The broker link's condition and counters; empty without a broker.
  std::function<broker_figures()> broker;
  /// This node's leases (ledgerd); null in tests of one engine.
  std::shared_ptr<const shard_ownership> ownership;
};

/// A backend on `sys` (which must outlive every call's answer).
std::shared_ptr<backend> make_actor_backend(caf::actor_system& sys,
                                            engine_handles handles);

} // namespace ledger::api
