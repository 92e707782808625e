#include "tests/worker/fixtures.hpp"
#include "worker/host_pool.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

request_members tick(std::string ledger) {
  return [ledger](json::writer& w) {
    w.Key("op");
    w.String("tick");
    json::write_member(w, "ledger", ledger);
    w.Key("book_status");
    w.RawValue("{}", 2, rapidjson::kObjectType);
  };
}

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
                 pool.host_for(counter, "a").call(tick("a"), 5s))) == expected);
  BOOST_TEST(!pool.drop_ledger("a", 5s).has_value());
  BOOST_TEST(first_quantity(reply_of(
               pool.host_for(counter, "a").call(tick("a"), 5s))) == "1");
  BOOST_TEST(pool.find(counter)->starts() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
