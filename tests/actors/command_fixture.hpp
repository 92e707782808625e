#pragma once

// The command handler on the deterministic scheduler, with scripted
// stand-ins for the registry, the reader and the persistence actor, and a
// broker link connected to the real RabbitMQ to publish its replies: the
// test reads them from a reply queue of its own, as a client would.

#include "actors/command_handler.hpp"
#include "actors/forwarder.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "tests/actors/broker_harness.hpp"
#include "tests/actors/engine_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/send.hpp>

#include <memory>
#include <string>

namespace ledger::test {

struct command_fixture {
  command_fixture() {
    reply_queue = client.declare_reply_queue();
    client.consume_unacked(reply_queue);
  }

  live_link broker;
  messaging::amqp_connection client = connected();
  std::string reply_queue;
  deterministic_system actors;
  std::shared_ptr<script> registry = std::make_shared<script>();
  std::shared_ptr<script> persistence = std::make_shared<script>();
  std::shared_ptr<script> reader = std::make_shared<script>();
  /// This node's leases, as its lease keeper would keep them.
  std::shared_ptr<shard_ownership> ownership =
    std::make_shared<shard_ownership>("n1", 8);
  /// Stands in for the forwarder to other nodes (actors/forwarder.hpp).
  std::shared_ptr<script> owner = std::make_shared<script>();
  command_actor handler = actors.spawn(
    command_handler,
    caf::actor_cast<registry_actor>(scripted(actors, registry)),
    caf::actor_cast<reader_actor>(scripted(actors, reader)),
    caf::actor_cast<persistence_actor>(scripted(actors, persistence)),
    broker.link, caf::actor_cast<forwarder_actor>(scripted(actors, owner)),
    ownership);

  /// Hands the handler a command as the link would (epoch 0: a delivery
  /// of no connection, so its ack is skipped) and runs the actors.
  void deliver(const std::string& body, const std::string& id = "c1",
               bool forwarded = false) {
    caf::anon_send(
      handler, atom::command::value,
      command_delivery{body, reply_queue, id, 1, 0, true, forwarded});
    actors.run();
  }

  void deliver(const messaging::command& c, const std::string& id = "c1") {
    deliver(messaging::encode_command(c), id);
  }

  /// The next reply on the client's queue; fails when none comes.
  std::string reply(const std::string& id = "c1") {
    auto e = expect_delivery(client);
    BOOST_TEST(e.correlation_id == id);
    return e.body;
  }

  /// What the registry was asked last.
  const caf::message& asked() {
    BOOST_REQUIRE(!registry->asked.empty());
    return registry->asked.back();
  }
};

/// A command of `kind` for ledger `name`.
inline messaging::command command_of(messaging::command_kind kind,
                                     std::string name = "a") {
  messaging::command c;
  c.kind = kind;
  c.name = std::move(name);
  return c;
}

/// A ledger as the registry shows it.
inline ledger_view view_of(const std::string& name) {
  ledger_view v;
  v.record = new_ledger_record(test_config(name),
                               timestamp{std::chrono::seconds{1'750'000'000}});
  v.revision = 3;
  return v;
}

/// The reply body the handler must publish for `r`.
inline std::string encoded(const messaging::command_reply& r) {
  return messaging::encode_command_reply(r);
}

} // namespace ledger::test
