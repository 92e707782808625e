// Names, routing keys and backoff: the parts of messaging that need no
// broker.

#include "messaging/reconnect.hpp"
#include "messaging/topology.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace ledger::messaging;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(topology_suite)

BOOST_AUTO_TEST_CASE(names) {
  topology t;
  BOOST_TEST(t.commands_exchange() == "ledger.commands");
  BOOST_TEST(t.commands_queue() == "ledger.commands");
  BOOST_TEST(t.trade_requests_exchange() == "ledger.requests");
  BOOST_TEST(t.quotes_exchange() == "market.quotes");
  BOOST_TEST(t.events_exchange() == "ledger.events");
  topology test;
  test.prefix = "test.42.";
  BOOST_TEST(test.trade_requests_exchange() == "test.42.ledger.requests");
  BOOST_TEST(test.events_exchange() == "test.42.ledger.events");
}

// The consistent-hash exchange hashes the routing key: it must be the
// ledger's name itself, byte for byte (names may contain dots).
BOOST_AUTO_TEST_CASE(requests_are_routed_by_ledger_name) {
  BOOST_TEST(request_routing_key("demo") == "demo");
  BOOST_TEST(request_routing_key("momentum.aapl") == "momentum.aapl");
}

BOOST_AUTO_TEST_CASE(backoff_doubles_to_five_seconds) {
  backoff b;
  std::vector<long> delays;
  for (int i = 0; i < 9; ++i)
    delays.push_back(static_cast<long>(b.next().count()));
  BOOST_TEST((delays == std::vector<long>{100, 200, 400, 800, 1600, 3200, 5000,
                                          5000, 5000}));
  b.reset();
  BOOST_TEST(b.next().count() == 100);
}

BOOST_AUTO_TEST_CASE(sleeping_notices_stop) {
  std::atomic<bool> stop{true};
  auto start = std::chrono::steady_clock::now();
  BOOST_TEST(!sleep_unless_stopped(10s, stop));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
  stop = false;
  BOOST_TEST(sleep_unless_stopped(20ms, stop));
}

BOOST_AUTO_TEST_SUITE_END()
