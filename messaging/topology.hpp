#pragma once

// The exchanges, queues and bindings every program agrees on, and the
// shard of a ledger. docs/wire-format.md lists them for other languages.

#include "messaging/amqp_connection.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::messaging {

/// Default number of trade-request shards (LEDGER_SHARDS).
inline constexpr int default_shards = 4;
/// Shards allowed: each is a queue, and a worker consumes several.
inline constexpr int max_shards = 1024;

/// Routing key of commands on the commands exchange.
inline constexpr std::string_view command_routing_key = "command";

/// Names of the shared topology. `prefix` is "" in production; tests set
/// a unique one ("test.1234.") so they never touch the real queues.
struct topology {
  std::string prefix;
  int shards = default_shards;
  /// For tests: exchanges auto-delete and queues expire after this long
  /// unused, so an aborted run leaves nothing behind. nullopt in
  /// production (everything durable and permanent).
  std::optional<std::chrono::milliseconds> temporary;

  /// "ledger.commands" (direct).
  std::string commands_exchange() const;
  /// "ledger.commands", bound with key "command"; ledgerd consumes it.
  std::string commands_queue() const;
  /// "ledger.trade_requests" (direct, key = shard number).
  std::string trade_requests_exchange() const;
  /// "ledger.trade_requests.<k>", single active consumer; workers consume.
  std::string shard_queue(int shard) const;
  /// "market.quotes" (topic, key = ticker).
  std::string quotes_exchange() const;
  /// "ledger.events" (topic, key = "<ledger>.<event>").
  std::string events_exchange() const;
};

/// FNV-1a, 32 bits, over the bytes of `text`: offset basis 2166136261,
/// prime 16777619. Stable across programs, machines and languages.
std::uint32_t fnv1a_32(std::string_view text);

/// The shard of a ledger: fnv1a_32(name) mod shards (shards >= 1).
int shard_of(std::string_view ledger_name, int shards);

/// The routing key of a ledger's trade requests: its shard as decimal text.
std::string shard_routing_key(std::string_view ledger_name, int shards);

/// LEDGER_SHARDS from the environment: a whole number in 1..1024, or
/// default_shards when unset. nullopt when set to anything else.
std::optional<int> shards_from_environment();

/// The four exchanges.
void declare_exchanges(amqp_connection& c, const topology& t);

/// The commands queue and its binding (what ledgerd consumes).
void declare_command_queue(amqp_connection& c, const topology& t);

/// The shard queues and their bindings (what workers consume).
void declare_shard_queues(amqp_connection& c, const topology& t);

/// All of the above. Idempotent: every program may call it at start-up.
void declare_topology(amqp_connection& c, const topology& t);

/// Deletes the queues and exchanges of `t` (tests clean up with it).
void delete_topology(amqp_connection& c, const topology& t);

} // namespace ledger::messaging
