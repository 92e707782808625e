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

std::string topology::shard_queue(int shard) const {
  return prefix + "ledger.commands." + shard_routing_key(shard);
}

std::string shard_routing_key(int shard) {
  return "shard." + std::to_string(shard);
}

bool is_shard_routing_key(std::string_view key) {
  return key.substr(0, 6) == "shard.";
}

std::string topology::trade_requests_exchange() const {
  return prefix + "ledger.requests";
}

std::string topology::quotes_exchange() const {
  return prefix + "market.quotes";
}

std::string topology::events_exchange() const {
  return prefix + "ledger.events";
}

std::string request_routing_key(std::string_view ledger_name) {
  return std::string{ledger_name};
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
  c.declare_exchange(t.trade_requests_exchange(),
                     exchange_type::consistent_hash, o);
  c.declare_exchange(t.quotes_exchange(), exchange_type::topic, o);
  c.declare_exchange(t.events_exchange(), exchange_type::topic, o);
}

void declare_command_queue(amqp_connection& c, const topology& t) {
  c.declare_queue(t.commands_queue(), queue_options_of(t));
  c.bind_queue(t.commands_queue(), t.commands_exchange(),
               std::string{command_routing_key});
}

void declare_shard_queues(amqp_connection& c, const topology& t) {
  for (int shard = 0; shard < t.engine_shards; ++shard) {
    c.declare_queue(t.shard_queue(shard), queue_options_of(t));
    c.bind_queue(t.shard_queue(shard), t.commands_exchange(),
                 shard_routing_key(shard));
  }
}

std::string declare_lane_queue(amqp_connection& c, const topology& t,
                               const std::string& weight) {
  queue_options o;
  o.durable = false;
  o.exclusive = true;
  o.auto_delete = true;
  auto name = c.declare_queue("", o);
  c.bind_queue(name, t.trade_requests_exchange(), weight);
  return name;
}

void declare_topology(amqp_connection& c, const topology& t) {
  declare_exchanges(c, t);
  declare_command_queue(c, t);
}

void delete_topology(amqp_connection& c, const topology& t) {
  c.delete_queue(t.commands_queue());
  for (int shard = 0; shard < t.engine_shards; ++shard)
    c.delete_queue(t.shard_queue(shard));
  c.delete_exchange(t.commands_exchange());
  c.delete_exchange(t.trade_requests_exchange());
  c.delete_exchange(t.quotes_exchange());
  c.delete_exchange(t.events_exchange());
}

} // namespace ledger::messaging
