#pragma once

// Everything ledgerd needs to serve HTTP, in one call.

#include "actors/interfaces.hpp"
#include "actors/metrics.hpp"
#include "actors/shard_ownership.hpp"
#include "api/event_hub.hpp"
#include "api/server.hpp"
#include "persistence/store.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace ledger::api {

/// What ledgerd's options say about HTTP.
struct http_settings {
  std::string address = "127.0.0.1:8080"; ///< host:port; port 0 picks one
  std::string api_keys;                   ///< comma-separated (LEDGER_API_KEYS)
  std::string api_key_file; ///< one key per line (LEDGER_API_KEY_FILE)
  bool read_requires_key = false;
  std::size_t threads = 2; ///< io threads
  std::size_t readers = 4; ///< detached reader actors (database queries)
  /// Longest wait for an actor's answer before answering 503.
  std::chrono::milliseconds engine_timeout{std::chrono::seconds{10}};
  /// Reading a request, writing an answer, idling between requests.
  std::chrono::milliseconds io_timeout{std::chrono::seconds{30}};
};

/// The engine's parts the adapter talks to.
struct http_wiring {
  registry_actor registry;
  persistence_actor persistence;
  std::shared_ptr<engine_metrics> metrics; ///< may be null
  std::string database_url;                ///< for the readers
  /// The broker link's condition and counters; empty without a broker.
  std::function<broker_figures()> broker;
  /// The readers' limit on one query's wait (persistence::store).
  std::chrono::milliseconds stall_limit =
    persistence::store::default_stall_limit;
  /// Live events (/v1/events), fed by the engine's ledgers; may be null.
  std::shared_ptr<event_hub> events;
  /// With several ledgerd nodes: other nodes' ledgers are asked through
  /// it (actors/forwarder.hpp); unset with one engine.
  forwarder_actor forwarder;
  /// This node's leases: the owner in ledger views, /metrics per node.
  std::shared_ptr<const shard_ownership> ownership;
};

/// True for "1", "true", "yes", "on" (any case): how flags read from the
/// environment are understood.
bool is_truthy(const std::string& text);

/// The running adapter: the server and its reader actors.
class http_service {
public:
  http_service(std::unique_ptr<http_server> server,
               std::vector<caf::actor> readers);
  /// stop().
  ~http_service();

  unsigned short port() const { return server_->port(); }

  /// Stops the server (joining its threads), then the readers. Call it
  /// before shutting the engine's actors down. Idempotent.
  void stop();

private:
  std::unique_ptr<http_server> server_;
  std::vector<caf::actor> readers_;
};

/// Loads the keys, spawns the readers (detached), builds the router on the
/// actors and starts the server. Prints where it listens to `log`, and a
/// warning when no key is set (mutations are then refused). Never prints a
/// key. Throws std::invalid_argument or std::runtime_error on bad settings
/// or when the address cannot be bound (and then leaves nothing running).
std::unique_ptr<http_service> start_http(caf::actor_system& sys,
                                         const http_wiring& wiring,
                                         const http_settings& settings,
                                         std::ostream& log);

} // namespace ledger::api
