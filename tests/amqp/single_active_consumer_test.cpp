// x-single-active-consumer on the shard queues: of two workers consuming
// one shard, one receives everything; when it leaves the other takes over.

#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(amqp_single_active_consumer)

BOOST_AUTO_TEST_CASE(one_worker_per_shard_until_it_leaves) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  const auto queue = t.shard_queue(0);

  amqp_connection workers[2] = {connected(), connected()};
  workers[0].consume(queue, 10);
  workers[1].consume(queue, 10);

  auto publish = [&](const std::string& body) {
    BOOST_TEST(
      (scratch.admin.publish_confirmed(t.trade_requests_exchange(), "0",
                                       body) == publish_result::confirmed));
  };
  for (int i = 0; i < 6; ++i)
    publish("first-" + std::to_string(i));

  // Poll both until all six have arrived; count who got them.
  int got[2] = {0, 0};
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (got[0] + got[1] < 6 && std::chrono::steady_clock::now() < deadline)
    for (int w = 0; w < 2; ++w)
      while (auto e = workers[w].poll(50ms)) {
        BOOST_TEST(e->body == "first-" + std::to_string(got[0] + got[1]));
        ++got[w];
        workers[w].ack(*e);
      }
  BOOST_TEST(got[0] + got[1] == 6);
  BOOST_TEST_MESSAGE("worker 0 got " << got[0] << ", worker 1 got " << got[1]);
  BOOST_TEST((got[0] == 0 || got[1] == 0));
  const int active = got[0] > 0 ? 0 : 1;
  const int standby = 1 - active;

  // The active one leaves; the standby takes over the shard.
  workers[active].close();
  for (int i = 0; i < 3; ++i)
    publish("second-" + std::to_string(i));
  for (int i = 0; i < 3; ++i) {
    auto e = expect_delivery(workers[standby]);
    BOOST_TEST(e.body == "second-" + std::to_string(i));
    workers[standby].ack(e);
  }
}

// An unacked request of the active worker goes to the standby when the
// active one dies, marked redelivered.
BOOST_AUTO_TEST_CASE(in_flight_request_moves_to_the_standby) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  const auto queue = t.shard_queue(1);
  auto active = connected();
  active.consume(queue, 10);
  auto standby = connected();
  standby.consume(queue, 10);

  BOOST_TEST(
    (scratch.admin.publish_confirmed(t.trade_requests_exchange(), "1",
                                     "tick-1") == publish_result::confirmed));
  auto e = expect_delivery(active);
  BOOST_TEST(e.body == "tick-1");
  BOOST_TEST(!standby.poll(300ms).has_value());
  active.close(); // dies before acking

  auto moved = expect_delivery(standby);
  BOOST_TEST(moved.body == "tick-1");
  BOOST_TEST(moved.redelivered);
  standby.ack(moved);
}

BOOST_AUTO_TEST_SUITE_END()
