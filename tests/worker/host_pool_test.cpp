#include "tests/worker/fixtures.hpp"
#include "worker/host_pool.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

std::string first_quantity(const host_reply& reply) {
  return reply.doc.root()["trades"][0]["quantity"].GetString();
}

} // namespace

BOOST_AUTO_TEST_SUITE(host_pool_of_algorithms)

BOOST_AUTO_TEST_CASE(one_host_per_algorithm_shared_by_its_ledgers) {
  host_pool pool{real_host()};
  auto counter = test_models() / "counter";
  auto& a = pool.host_for(counter, "a");
  auto& b = pool.host_for(counter, "b");
  BOOST_TEST(&a == &b);
  auto& other = pool.host_for(test_models() / "raises", "c");
  BOOST_TEST(&other != &a);
  BOOST_TEST(pool.size() == 2u);
  BOOST_TEST(pool.find(counter) == &a);
  BOOST_TEST(pool.find(test_models() / "echo") == nullptr);
  BOOST_TEST(other.pid() == -1); // created, not started
}

BOOST_AUTO_TEST_CASE(drop_ledger_reaches_the_host_that_served_it) {
  host_pool pool{real_host()};
  auto counter = test_models() / "counter";
  BOOST_TEST(!pool.drop_ledger("a", 5s).has_value()); // unknown: nothing
  for (auto expected : {"1", "2"})
    BOOST_TEST(first_quantity(reply_of(
                 pool.host_for(counter, "a").call("a", tick("a"), 5s))) ==
               expected);
  BOOST_TEST(!pool.drop_ledger("a", 5s).has_value());
  BOOST_TEST(first_quantity(reply_of(
               pool.host_for(counter, "a").call("a", tick("a"), 5s))) == "1");
  BOOST_TEST(pool.find(counter)->starts() == 1);
}

// One grace period for all hosts: an idle host exits on end of input, one
// still working on a late request is killed.
BOOST_AUTO_TEST_CASE(shutdown_ends_every_host_within_one_grace_period) {
  auto options = fake("raw");
  options.environment.emplace_back("FAKE_SLOW_LEDGER", "stuck");
  options.environment.emplace_back("FAKE_SLOW_SECONDS", "30");
  host_pool pool{options};
  auto idle = test_models() / "counter";
  auto busy = test_models() / "echo";
  BOOST_TEST(reply_of(pool.host_for(idle, "a").call("a", tick("a"), 5s)).ok);
  BOOST_TEST(reply_of(pool.host_for(busy, "stuck").ping(5s)).ok); // started
  auto e =
    error_of(pool.host_for(busy, "stuck").call("stuck", tick("stuck"), 200ms));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(pool.find(busy)->busy());
  auto begun = std::chrono::steady_clock::now();
  auto report = pool.shutdown(300ms);
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 2s));
  BOOST_TEST(report.exited == 1);
  BOOST_TEST(report.killed == 1);
  BOOST_TEST(pool.find(idle)->pid() == -1);
  BOOST_TEST(pool.find(busy)->pid() == -1);
}

BOOST_AUTO_TEST_SUITE_END()
