#pragma once

// Shared pieces of the RabbitMQ integration tests. The broker comes from
// LEDGER_AMQP_URL (`eval "$(deploy/services.sh env)"`); an unset URL fails
// the test rather than skipping it. Every test works under a unique name
// prefix with temporary (auto-delete / expiring) exchanges and queues and
// deletes them at the end, so tests run in any order, side by side, and
// never touch the real topology.

#include "messaging/amqp_connection.hpp"
#include "messaging/topology.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ledger::test {

/// LEDGER_AMQP_URL; fails the test when unset.
std::string amqp_url();

/// The password inside amqp_url(), to check it never shows up.
std::string amqp_password();

/// amqp_url() with the password replaced.
std::string amqp_url_with_password(const std::string& password);

/// amqp_url() with the vhost replaced.
std::string amqp_url_with_vhost(const std::string& vhost);

/// "test.<pid>.<random>." -- unique per call.
std::string unique_prefix();

/// A connected connection (test name shown in the broker's tools).
messaging::amqp_connection connected();

/// The next delivery within `timeout`; fails the test when none comes.
messaging::envelope
expect_delivery(messaging::amqp_connection& c,
                std::chrono::milliseconds timeout = std::chrono::seconds{5});

/// Deliveries that arrive within `quiet` (none expected, usually).
std::vector<messaging::envelope>
drain(messaging::amqp_connection& c,
      std::chrono::milliseconds quiet = std::chrono::milliseconds{300});

/// A temporary copy of the topology under a unique prefix, declared on
/// construction and deleted on destruction.
struct scratch_topology {
  scratch_topology();
  ~scratch_topology();
  scratch_topology(const scratch_topology&) = delete;
  scratch_topology& operator=(const scratch_topology&) = delete;

  messaging::topology topo;
  messaging::amqp_connection admin;
};

} // namespace ledger::test
