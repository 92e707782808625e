// Names, shards and backoff: the parts of messaging that need no broker.

#include "messaging/reconnect.hpp"
#include "messaging/topology.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <set>

using namespace ledger::messaging;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(topology_suite)

BOOST_AUTO_TEST_CASE(names) {
  topology t;
  BOOST_TEST(t.commands_exchange() == "ledger.commands");
  BOOST_TEST(t.commands_queue() == "ledger.commands");
  BOOST_TEST(t.trade_requests_exchange() == "ledger.trade_requests");
  BOOST_TEST(t.shard_queue(3) == "ledger.trade_requests.3");
  BOOST_TEST(t.quotes_exchange() == "market.quotes");
  BOOST_TEST(t.events_exchange() == "ledger.events");
  BOOST_TEST(t.shards == 4);
  topology test;
  test.prefix = "test.42.";
  BOOST_TEST(test.shard_queue(0) == "test.42.ledger.trade_requests.0");
  BOOST_TEST(test.events_exchange() == "test.42.ledger.events");
}

BOOST_AUTO_TEST_CASE(shards_are_stable_and_spread) {
  // Standard FNV-1a test vectors.
  BOOST_TEST(fnv1a_32("") == 0x811c9dc5u);
  BOOST_TEST(fnv1a_32("a") == 0xe40c292cu);
  BOOST_TEST(fnv1a_32("foobar") == 0xbf9cf968u);
  BOOST_TEST(shard_of("demo", 4) == 2);
  BOOST_TEST(shard_of("ledger-1", 4) == 2);
  BOOST_TEST(shard_of("momentum.aapl", 16) == 9);
  BOOST_TEST(shard_routing_key("alpha", 4) == "3");
  BOOST_TEST(shard_of("anything", 1) == 0);
  BOOST_TEST(shard_of("anything", 0) == 0); // clamped, never a division by 0
  std::set<int> seen;
  for (int i = 0; i < 200; ++i)
    seen.insert(shard_of("ledger-" + std::to_string(i), 8));
  BOOST_TEST(seen.size() == 8u);
}

BOOST_AUTO_TEST_CASE(shards_from_the_environment) {
  ::unsetenv("LEDGER_SHARDS");
  BOOST_TEST((shards_from_environment() == std::optional<int>{4}));
  ::setenv("LEDGER_SHARDS", "16", 1);
  BOOST_TEST((shards_from_environment() == std::optional<int>{16}));
  for (const char* bad : {"0", "-1", "1025", "4x", "four", " 4"}) {
    ::setenv("LEDGER_SHARDS", bad, 1);
    BOOST_TEST(!shards_from_environment().has_value(), bad);
  }
  ::unsetenv("LEDGER_SHARDS");
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
