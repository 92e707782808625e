#include "messaging/topology.hpp"

#include <charconv>
#include <cstdlib>

namespace ledger::messaging {

std::string topology::commands_exchange() const {
  return prefix + "ledger.commands";
}

std::string topology::commands_queue() const {
  return prefix + "ledger.commands";
}

std::string topology::trade_requests_exchange() const {
  return prefix + "ledger.trade_requests";
}

std::string topology::shard_queue(int shard) const {
  return prefix + "ledger.trade_requests." + std::to_string(shard);
}

std::string topology::quotes_exchange() const {
  return prefix + "market.quotes";
}

std::string topology::events_exchange() const {
  return prefix + "ledger.events";
}

std::uint32_t fnv1a_32(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 16777619u;
  }
  return hash;
}

int shard_of(std::string_view ledger_name, int shards) {
  if (shards < 1)
    shards = 1;
  return static_cast<int>(fnv1a_32(ledger_name) %
                          static_cast<std::uint32_t>(shards));
}

std::string shard_routing_key(std::string_view ledger_name, int shards) {
  return std::to_string(shard_of(ledger_name, shards));
}

std::optional<int> shards_from_environment() {
  const char* text = std::getenv("LEDGER_SHARDS");
  if (!text || !*text)
    return default_shards;
  std::string_view s{text};
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size() || n < 1 ||
      n > max_shards)
    return std::nullopt;
  return n;
}

namespace {

exchange_options exchange_options_of(const topology& t) {
  exchange_options o;
  o.auto_delete = t.temporary.has_value();
  return o;
}

queue_options queue_options_of(const topology& t) {
  queue_options o;
  o.expires = t.temporary;
  return o;
}

} // namespace

void declare_exchanges(amqp_connection& c, const topology& t) {
  auto o = exchange_options_of(t);
  c.declare_exchange(t.commands_exchange(), exchange_type::direct, o);
  c.declare_exchange(t.trade_requests_exchange(), exchange_type::direct, o);
  c.declare_exchange(t.quotes_exchange(), exchange_type::topic, o);
  c.declare_exchange(t.events_exchange(), exchange_type::topic, o);
}

void declare_command_queue(amqp_connection& c, const topology& t) {
  c.declare_queue(t.commands_queue(), queue_options_of(t));
  c.bind_queue(t.commands_queue(), t.commands_exchange(),
               std::string{command_routing_key});
}

void declare_shard_queues(amqp_connection& c, const topology& t) {
  auto o = queue_options_of(t);
  // One worker at a time per shard, so it may keep a ledger's model
  // instance between ticks; the next worker takes over when it leaves.
  o.single_active_consumer = true;
  for (int k = 0; k < t.shards; ++k) {
    c.declare_queue(t.shard_queue(k), o);
    c.bind_queue(t.shard_queue(k), t.trade_requests_exchange(),
                 std::to_string(k));
  }
}

void declare_topology(amqp_connection& c, const topology& t) {
  declare_exchanges(c, t);
  declare_command_queue(c, t);
  declare_shard_queues(c, t);
}

void delete_topology(amqp_connection& c, const topology& t) {
  c.delete_queue(t.commands_queue());
  for (int k = 0; k < t.shards; ++k)
    c.delete_queue(t.shard_queue(k));
  c.delete_exchange(t.commands_exchange());
  c.delete_exchange(t.trade_requests_exchange());
  c.delete_exchange(t.quotes_exchange());
  c.delete_exchange(t.events_exchange());
}

} // namespace ledger::messaging
