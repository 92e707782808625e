// queue_options::single_active_consumer (x-single-active-consumer) of the
// connection layer: of two consumers of one queue, one receives everything;
// when it leaves the other takes over, unacked deliveries included. (The
// worker no longer relies on it -- its lanes scale out through the
// consistent-hash exchange -- but the option is part of amqp_connection.)

#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

/// A temporary single-active-consumer queue under the scratch prefix; its
/// name doubles as the routing key on the default exchange.
std::string sac_queue(scratch_topology& scratch, const std::string& name) {
  queue_options o;
  o.single_active_consumer = true;
  o.expires = scratch.topo.temporary;
  return scratch.admin.declare_queue(scratch.topo.prefix + name, o);
}

} // namespace

BOOST_AUTO_TEST_SUITE(amqp_single_active_consumer)

BOOST_AUTO_TEST_CASE(one_consumer_receives_until_it_leaves) {
  scratch_topology scratch;
  const auto queue = sac_queue(scratch, "sac.a");

  amqp_connection consumers[2] = {connected(), connected()};
  consumers[0].consume(queue, 10);
  consumers[1].consume(queue, 10);

  auto publish = [&](const std::string& body) {
    BOOST_TEST((scratch.admin.publish_confirmed("", queue, body) ==
                publish_result::confirmed));
  };
  for (int i = 0; i < 6; ++i)
    publish("first-" + std::to_string(i));

  // Poll both until all six have arrived; count who got them.
  int got[2] = {0, 0};
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got[0] + got[1] < 6 && std::chrono::steady_clock::now() < deadline)
    for (int w = 0; w < 2; ++w)
      while (auto e = consumers[w].poll(50ms)) {
        BOOST_TEST(e->body == "first-" + std::to_string(got[0] + got[1]));
        ++got[w];
        consumers[w].ack(*e);
      }
  BOOST_TEST(got[0] + got[1] == 6);
  BOOST_TEST((got[0] == 0 || got[1] == 0));
  const int active = got[0] > 0 ? 0 : 1;
  const int standby = 1 - active;

  // The active one leaves; the standby takes over.
  consumers[active].close();
  for (int i = 0; i < 3; ++i)
    publish("second-" + std::to_string(i));
  for (int i = 0; i < 3; ++i) {
    auto e = expect_delivery(consumers[standby]);
    BOOST_TEST(e.body == "second-" + std::to_string(i));
    consumers[standby].ack(e);
  }
  scratch.admin.delete_queue(queue);
}

// An unacked delivery of the active consumer goes to the standby when the
// active one dies, marked redelivered.
BOOST_AUTO_TEST_CASE(an_unacked_delivery_moves_to_the_standby) {
  scratch_topology scratch;
  const auto queue = sac_queue(scratch, "sac.b");
  auto active = connected();
  active.consume(queue, 10);
  auto standby = connected();
  standby.consume(queue, 10);

  BOOST_TEST((scratch.admin.publish_confirmed("", queue, "tick-1") ==
              publish_result::confirmed));
  auto e = expect_delivery(active);
  BOOST_TEST(e.body == "tick-1");
  BOOST_TEST(!standby.poll(300ms).has_value());
  active.close(); // dies before acking

  auto moved = expect_delivery(standby);
  BOOST_TEST(moved.body == "tick-1");
  BOOST_TEST(moved.redelivered);
  standby.ack(moved);
  scratch.admin.delete_queue(queue);
}

BOOST_AUTO_TEST_SUITE_END()
