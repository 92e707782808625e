// The shared topology against the real broker: declaring it is
// idempotent, and the bindings route as the wire format says.

#include "messaging/codec_trade.hpp"
#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(amqp_topology)

BOOST_AUTO_TEST_CASE(declaring_twice_is_fine) {
  scratch_topology scratch{3};
  declare_topology(scratch.admin, scratch.topo);
  auto other = connected();
  declare_topology(other, scratch.topo);
  BOOST_TEST(scratch.admin.is_open());
  BOOST_TEST(other.is_open());
}

BOOST_AUTO_TEST_CASE(bindings_route) {
  scratch_topology scratch{3};
  auto& c = scratch.admin;
  auto& t = scratch.topo;
  publish_options mandatory;
  mandatory.mandatory = true;
  BOOST_TEST((c.publish_confirmed(t.commands_exchange(),
                                  std::string{command_routing_key}, "{}",
                                  mandatory) == publish_result::confirmed));
  BOOST_TEST((c.publish_confirmed(t.commands_exchange(), "nobody", "{}",
                                  mandatory) == publish_result::unroutable));
  for (int k = 0; k < t.shards; ++k)
    BOOST_TEST(
      (c.publish_confirmed(t.trade_requests_exchange(), std::to_string(k), "{}",
                           mandatory) == publish_result::confirmed));
  BOOST_TEST((c.publish_confirmed(t.trade_requests_exchange(), "3", "{}",
                                  mandatory) == publish_result::unroutable));
  // Nobody binds quotes or events yet: unroutable, but not an error.
  BOOST_TEST((c.publish_confirmed(t.quotes_exchange(), "AAPL", "{}",
                                  mandatory) == publish_result::unroutable));
  BOOST_TEST(c.is_open());
}

// A request lands on its ledger's shard queue and only there.
BOOST_AUTO_TEST_CASE(requests_reach_their_shard) {
  scratch_topology scratch{3};
  auto& c = scratch.admin;
  auto& t = scratch.topo;
  auto other = connected();
  for (int k = 0; k < t.shards; ++k)
    if (k != shard_of("demo", t.shards))
      other.consume(t.shard_queue(k), 10);
  c.consume(t.shard_queue(shard_of("demo", t.shards)), 10);
  auto body = R"({"v":1,"ledger":"demo","tick":1})";
  BOOST_TEST((c.publish_confirmed(t.trade_requests_exchange(),
                                  shard_routing_key("demo", t.shards),
                                  body) == publish_result::confirmed));
  auto e = expect_delivery(c);
  BOOST_TEST(e.body == body);
  BOOST_TEST(e.routing_key == shard_routing_key("demo", t.shards));
  BOOST_TEST(e.exchange == t.trade_requests_exchange());
  BOOST_TEST(c.ack(e));
  BOOST_TEST(drain(other).empty());
}

BOOST_AUTO_TEST_CASE(conflicting_redeclaration_is_an_error) {
  scratch_topology scratch;
  auto c = connected();
  queue_options plain;
  plain.expires = scratch.topo.temporary;
  try {
    c.declare_queue(scratch.topo.shard_queue(1), plain);
    BOOST_FAIL("redeclaring without x-single-active-consumer succeeded");
  } catch (const amqp_error& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(std::string{e.what()}.find("PRECONDITION_FAILED") !=
               std::string::npos);
  }
  BOOST_TEST(!c.is_open());
}

BOOST_AUTO_TEST_SUITE_END()
