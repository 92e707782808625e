#pragma once

// A real engine (registry, persistence, market, an in-process algorithm)
// on CAF's threaded scheduler, with the REST adapter on an ephemeral port,
// against a scratch Postgres database.

#include "actors/engine.hpp"
#include "actors/inprocess_gateway.hpp"
#include "actors/metrics.hpp"
#include "api/start_http.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ledger::test {

/// The keys the fixture's server accepts.
inline constexpr const char* api_key = "test-key-4f9c2a7e1b";
inline constexpr const char* second_key = "another-key-77d1";

/// How a fixture is set up.
struct api_setup {
  bool read_requires_key = false;
  std::string keys = std::string{api_key} + "," + second_key;
  /// Point the engine at a database that does not answer.
  bool database_away = false;
  /// The server's read/write/idle timeout.
  std::chrono::milliseconds io_timeout{std::chrono::seconds{30}};
  /// The models' answers; none: models ask for nothing (the tests drive
  /// trades over HTTP).
  inprocess_algorithm algorithm;
  /// The live-events hub's limits (/v1/events).
  api::event_hub_options events;
};

class api_fixture {
public:
  explicit api_fixture(api_setup setup = {});
  ~api_fixture();

  unsigned short port() const { return http_->port(); }

  /// A client on the server (its own connection).
  http_client client() const { return http_client{port()}; }

  /// The key header, for mutations.
  static header_list with_key(const char* key = api_key) {
    return {{"X-API-Key", key}};
  }

  /// A quote into the market, as a feed would send it.
  void quote(const std::string& ticker, const char* price_text);

  std::optional<scratch_database> db; ///< none when the database is away
  std::string database_url;
  std::unique_ptr<caf::actor_system_config> cfg;
  std::unique_ptr<caf::actor_system> sys;
  registry_actor registry;
  persistence_actor persistence;
  market_actor market;
  gateway_actor gateway;
  std::shared_ptr<engine_metrics> metrics;
  /// The live-events hub the ledgers report to.
  std::shared_ptr<api::event_hub> events;

private:
  engine engine_;
  std::unique_ptr<api::http_service> http_;
};

} // namespace ledger::test
