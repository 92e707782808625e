// The broker roles deploy/services.sh provisions (docs/security.md): each
// program logs in with the least it needs, and only the operator role
// (ledgerctl) may publish to the commands exchange. URLs from
// `deploy/services.sh env` (LEDGER_AMQP_{WORKER,FEED,OPERATOR}_URL).

#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <functional>

using namespace ledger;
using namespace ledger::test;
using messaging::publish_result;

namespace {

std::string role_url(const char* variable) {
  const char* url = std::getenv(variable);
  BOOST_REQUIRE_MESSAGE(url && *url, variable << " is not set (eval \"$("
                                              << "deploy/services.sh env)\")");
  return url;
}

messaging::amqp_connection as_role(const char* variable) {
  messaging::amqp_connection c;
  c.connect(role_url(variable));
  return c;
}

// What the broker said when it refused `act`, or "" when it did not.
std::string refusal(const std::function<void()>& act) {
  try {
    act();
  } catch (const messaging::amqp_error& e) {
    return e.what();
  }
  return "";
}

bool access_refused(const std::string& why) {
  return why.find("403 ACCESS_REFUSED") != std::string::npos;
}

constexpr auto worker = "LEDGER_AMQP_WORKER_URL";
constexpr auto feed = "LEDGER_AMQP_FEED_URL";
constexpr auto operator_role = "LEDGER_AMQP_OPERATOR_URL";

} // namespace

BOOST_AUTO_TEST_SUITE(role_permissions)

BOOST_AUTO_TEST_CASE(every_role_may_declare_the_exchanges_it_shares) {
  scratch_topology scratch;
  for (auto role : {worker, feed, operator_role}) {
    auto c = as_role(role);
    BOOST_TEST(
      refusal([&] { messaging::declare_exchanges(c, scratch.topo); }) == "",
      role);
  }
}

BOOST_AUTO_TEST_CASE(only_the_operator_may_publish_commands) {
  scratch_topology scratch;
  auto exchange = scratch.topo.commands_exchange();
  for (auto role : {worker, feed}) {
    auto c = as_role(role);
    auto why = refusal([&] {
      c.publish_confirmed(exchange, std::string{messaging::command_routing_key},
                          R"({"v":1,"command":"list"})");
    });
    BOOST_TEST(access_refused(why), role << ": " << why);
  }
  auto op = as_role(operator_role);
  publish_result result{};
  BOOST_TEST(refusal([&] {
               result = op.publish_confirmed(
                 exchange, std::string{messaging::command_routing_key},
                 R"({"v":1,"command":"list"})");
             }) == "");
  BOOST_TEST((result == publish_result::confirmed));
}

// Neither a worker nor the feed can take commands from ledgerd. (The
// operator can: binding the commands queue needs read on the commands
// exchange, which shares the queue's name, and it is the role that may
// command anyway.)
BOOST_AUTO_TEST_CASE(neither_worker_nor_feed_may_take_commands) {
  scratch_topology scratch;
  for (auto role : {worker, feed}) {
    auto c = as_role(role);
    auto why = refusal([&] { c.consume(scratch.topo.commands_queue(), 1); });
    BOOST_TEST(access_refused(why), role << ": " << why);
  }
}

BOOST_AUTO_TEST_CASE(only_the_feed_may_publish_quotes) {
  scratch_topology scratch;
  auto exchange = scratch.topo.quotes_exchange();
  for (auto role : {worker, operator_role}) {
    auto c = as_role(role);
    auto why =
      refusal([&] { c.publish_confirmed(exchange, "AAPL", R"({"v":1})"); });
    BOOST_TEST(access_refused(why), role << ": " << why);
  }
  auto f = as_role(feed);
  BOOST_TEST(refusal([&] { f.publish_confirmed(exchange, "AAPL", "{}"); }) ==
             "");
}

// The worker writes its replies to the default exchange, which also routes
// to the commands queue by name: the delivery then names the default
// exchange (""), so ledgerd can and does refuse it (command_handler).
BOOST_AUTO_TEST_CASE(a_command_sent_the_default_way_says_so_on_delivery) {
  scratch_topology scratch;
  scratch.admin.consume(scratch.topo.commands_queue(), 10);
  auto w = as_role(worker);
  BOOST_TEST((w.publish_confirmed("", scratch.topo.commands_queue(),
                                  R"({"v":1,"command":"list"})") ==
              publish_result::confirmed));
  auto sneaky = expect_delivery(scratch.admin);
  BOOST_TEST(sneaky.exchange == "");
  auto op = as_role(operator_role);
  op.publish_confirmed(scratch.topo.commands_exchange(),
                       std::string{messaging::command_routing_key}, "{}");
  auto proper = expect_delivery(scratch.admin);
  BOOST_TEST(proper.exchange == scratch.topo.commands_exchange());
}

BOOST_AUTO_TEST_SUITE_END()
