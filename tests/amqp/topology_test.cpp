// The shared topology against the real broker: declaring it is
// idempotent, and the bindings route as the wire format says.

#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(amqp_topology)

BOOST_AUTO_TEST_CASE(declaring_twice_is_fine) {
  scratch_topology scratch;
  declare_topology(scratch.admin, scratch.topo);
  auto other = connected();
  declare_topology(other, scratch.topo);
  BOOST_TEST(scratch.admin.is_open());
  BOOST_TEST(other.is_open());
}

BOOST_AUTO_TEST_CASE(bindings_route) {
  scratch_topology scratch;
  auto& c = scratch.admin;
  auto& t = scratch.topo;
  publish_options mandatory;
  mandatory.mandatory = true;
  BOOST_TEST((c.publish_confirmed(t.commands_exchange(),
                                  std::string{command_routing_key}, "{}",
                                  mandatory) == publish_result::confirmed));
  BOOST_TEST((c.publish_confirmed(t.commands_exchange(), "nobody", "{}",
                                  mandatory) == publish_result::unroutable));
  // No worker lane is bound: a trade request has nowhere to go.
  BOOST_TEST((c.publish_confirmed(t.trade_requests_exchange(),
                                  request_routing_key("demo"), "{}",
                                  mandatory) == publish_result::unroutable));
  // Nobody binds quotes or events yet: unroutable, but not an error.
  BOOST_TEST((c.publish_confirmed(t.quotes_exchange(), "AAPL", "{}",
                                  mandatory) == publish_result::unroutable));
  BOOST_TEST(c.is_open());
}

// Two lane queues share the ledgers: each ledger's requests always land on
// the same queue, and both queues get some; when one lane leaves, every
// ledger lands on the other.
BOOST_AUTO_TEST_CASE(requests_hash_onto_the_lanes_by_ledger_name) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  amqp_connection lanes[2] = {connected(), connected()};
  std::string queues[2];
  for (int i = 0; i < 2; ++i) {
    queues[i] = declare_lane_queue(lanes[i], t, "20");
    lanes[i].consume(queues[i], 500);
  }
  auto publish_all = [&](int round) {
    for (int n = 0; n < 100; ++n) {
      auto ledger = "ledger-" + std::to_string(n);
      BOOST_TEST(
        (scratch.admin.publish_confirmed(
           t.trade_requests_exchange(), request_routing_key(ledger),
           ledger + "/" + std::to_string(round)) == publish_result::confirmed));
    }
  };
  // ledger -> the lane that got it.
  auto collect = [&](int from, int to, int expected) {
    std::map<std::string, int> seen;
    auto until = std::chrono::steady_clock::now() + 10s;
    while (static_cast<int>(seen.size()) < expected &&
           std::chrono::steady_clock::now() < until)
      for (int i = from; i < to; ++i)
        while (auto e = lanes[i].poll(20ms)) {
          BOOST_TEST(e->exchange == t.trade_requests_exchange());
          seen[e->body.substr(0, e->body.find('/'))] = i;
          lanes[i].ack(*e);
        }
    BOOST_REQUIRE(static_cast<int>(seen.size()) == expected);
    return seen;
  };
  publish_all(1);
  auto first = collect(0, 2, 100);
  publish_all(2);
  auto second = collect(0, 2, 100);
  BOOST_TEST((first == second)); // a ledger stays on its lane
  int on_zero = 0;
  for (auto& [ledger, lane] : first)
    on_zero += lane == 0;
  BOOST_TEST_MESSAGE("lane 0 got " << on_zero << " of 100 ledgers");
  BOOST_TEST(on_zero > 0);
  BOOST_TEST(on_zero < 100);

  lanes[0].close(); // its exclusive queue goes, and with it its binding
  publish_all(3);
  auto third = collect(1, 2, 100);
  for (auto& [ledger, lane] : third)
    BOOST_TEST(lane == 1, ledger);
}

BOOST_AUTO_TEST_CASE(conflicting_redeclaration_is_an_error) {
  scratch_topology scratch;
  auto c = connected();
  queue_options plain; // the scratch queues have x-expires
  try {
    c.declare_queue(scratch.topo.commands_queue(), plain);
    BOOST_FAIL("redeclaring without x-expires succeeded");
  } catch (const amqp_error& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(std::string{e.what()}.find("PRECONDITION_FAILED") !=
               std::string::npos);
  }
  BOOST_TEST(!c.is_open());
}

BOOST_AUTO_TEST_SUITE_END()
