#pragma once

// A world for ledger-worker processes: a unique topology prefix, an
// algorithms root of the test's own, the workers started in it, and a
// client that publishes trade requests as the engine does and collects the
// replies. The topology is deleted at the end.

#include "core/algo_messages.hpp"
#include "messaging/amqp_connection.hpp"
#include "messaging/topology.hpp"
#include "tests/amqp/amqp_fixture.hpp" // amqp_url
#include "tests/support/program.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ledger::test {

struct lanes_world {
  lanes_world();
  ~lanes_world();
  lanes_world(const lanes_world&) = delete;
  lanes_world& operator=(const lanes_world&) = delete;

  /// Writes `root/<name>/model.py`.
  void add_model(const std::string& name, const std::string& source);

  /// Starts ledger-worker with `args` (and `env`) in this world and waits
  /// until each of its `lanes` lanes is serving.
  program&
  start_worker(int lanes, std::vector<std::string> args = {},
               std::vector<std::pair<std::string, std::string>> env = {});

  /// Publishes a trade request for (ledger, tick) due at `deadline`, with
  /// this client's reply queue; the correlation id is "ledger/tick".
  void request(const std::string& ledger, std::int64_t tick,
               const std::string& algo, timestamp deadline);

  /// Publishes `body` as a trade request routed and correlated as
  /// (ledger, tick) would be.
  void request_body(const std::string& ledger, std::int64_t tick,
                    const std::string& body);

  /// Replies that arrive within `wait`, by correlation id; returns early
  /// once `expected` have come.
  std::map<std::string, algo_reply> replies(std::chrono::milliseconds wait,
                                            std::size_t expected = SIZE_MAX);

  messaging::topology topology;
  std::filesystem::path root;
  messaging::amqp_connection client;
  std::string reply_queue;
  std::vector<std::unique_ptr<program>> workers;
};

/// "ledger/tick": the correlation id the world uses.
std::string key(const std::string& ledger, std::int64_t tick);

} // namespace ledger::test
