#pragma once

// The exchanges, queues and bindings every program agrees on, and the
// routing key of a ledger's trade requests. docs/wire-format.md lists them
// for other languages.

#include "messaging/amqp_connection.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::messaging {

/// Routing key of commands on the commands exchange.
inline constexpr std::string_view command_routing_key = "command";

/// Names of the shared topology. `prefix` is "" in production; tests set
/// a unique one ("test.1234.") so they never touch the real queues.
struct topology {
  std::string prefix;
  /// For tests: exchanges auto-delete and queues expire after this long
  /// unused, so an aborted run leaves nothing behind. nullopt in
  /// production (everything durable and permanent).
  std::optional<std::chrono::milliseconds> temporary;

  /// "ledger.commands" (direct).
  std::string commands_exchange() const;
  /// "ledger.commands", bound with key "command"; ledgerd consumes it.
  std::string commands_queue() const;
  /// How many engine shards ledgers hash to (core/engine_shard.hpp): one
  /// command queue each, for changes forwarded to a shard's owner. 0: none
  /// (programs that only send commands).
  int engine_shards = 0;

  /// "ledger.commands.shard.<n>" (durable), bound to the commands exchange
  /// with shard_routing_key(n): the node holding shard n consumes it, so a
  /// change forwarded while the shard moves waits for its next owner.
  std::string shard_queue(int shard) const;

  /// "ledger.requests": where trade requests go. Type x-consistent-hash
  /// (RabbitMQ's plugin rabbitmq_consistent_hash_exchange), routing key =
  /// the ledger's name (request_routing_key). Each worker lane binds a
  /// queue of its own with its weight as binding key, so every ledger is
  /// served by one lane while the set of lanes stays the same.
  std::string trade_requests_exchange() const;
  /// "market.quotes" (topic, key = ticker).
  std::string quotes_exchange() const;
  /// "ledger.events" (topic, key = "<ledger>.<event>").
  std::string events_exchange() const;
};

/// The routing key of a ledger's trade requests: the ledger's name. The
/// exchange hashes it, so all of a ledger's ticks reach the same lane
/// (and model host) as long as no lane joins or leaves.
std::string request_routing_key(std::string_view ledger_name);

/// "shard.<n>": the commands exchange's key of shard n's queue.
std::string shard_routing_key(int shard);

/// Whether a command came through a shard queue (forwarded by a node).
bool is_shard_routing_key(std::string_view key);

/// The four exchanges.
void declare_exchanges(amqp_connection& c, const topology& t);

/// The commands queue and its binding (what ledgerd consumes).
void declare_command_queue(amqp_connection& c, const topology& t);

/// The engine_shards shard queues and their bindings (128 calls for 64
/// shards: ledgerd's link makes them once connected, not before).
void declare_shard_queues(amqp_connection& c, const topology& t);

/// A worker lane's queue: server-named, exclusive and auto-delete (it
/// vanishes with the lane's connection, and its ledgers rehash onto the
/// remaining lanes), bound to the trade-requests exchange with `weight`
/// (decimal text, the lane's share of the hash ring). Returns its name.
std::string declare_lane_queue(amqp_connection& c, const topology& t,
                               const std::string& weight);

/// All of the above. Idempotent: every program may call it at start-up.
void declare_topology(amqp_connection& c, const topology& t);

/// Deletes the queues and exchanges of `t` (tests clean up with it).
void delete_topology(amqp_connection& c, const topology& t);

} // namespace ledger::messaging
