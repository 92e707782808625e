// The broker link as a whole (its parts: broker_link_parts_test.cpp).
// Without a broker: what publish accepts, what the counters say, and that
// stop never hangs on a broker it cannot reach. With the real RabbitMQ:
// stop publishes what is queued within its grace, a request past its
// deadline is not sent, and a worker's reply comes back by direct reply-to.

#include "tests/actors/broker_harness.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Nothing listens on port 1: connecting is refused at once.
const std::string nowhere = "amqp://u:p@127.0.0.1:1/v";

outbound_message message(delivery kind, std::string body = "x") {
  outbound_message m;
  m.kind = kind;
  m.body = std::move(body);
  return m;
}

// A worker lane of the test's own, bound to the trade requests exchange.
std::string bind_lane(live_link& broker) {
  auto& admin = broker.scratch.admin;
  auto lane = messaging::declare_lane_queue(admin, broker.scratch.topo, "1");
  admin.consume_unacked(lane);
  return lane;
}

outbound_message request(const live_link& broker, std::string body) {
  auto m = message(delivery::request, std::move(body));
  m.exchange = broker.link->topology().trade_requests_exchange();
  m.routing_key = "a";
  return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(broker_link_whole)

BOOST_AUTO_TEST_CASE(without_a_connection_requests_are_shed_and_the_rest_kept) {
  broker_link link{nowhere, messaging::topology{}, {}, outbox_limits{4, 2}};
  BOOST_TEST(!link.connected());
  BOOST_TEST(link.reply_queue().empty());
  // A request would only expire in the outbox, even with room for it.
  BOOST_TEST(!link.publish(message(delivery::request)));
  BOOST_TEST(link.publish(message(delivery::event)));
  BOOST_TEST(link.publish(message(delivery::event)));
  BOOST_TEST(!link.publish(message(delivery::event))); // its lane is full
  for (int i = 0; i < 5; ++i)
    BOOST_TEST(link.publish(message(delivery::reply)));
  auto s = link.stats();
  BOOST_TEST(!s.connected);
  BOOST_TEST(s.shed_requests == 1u);
  BOOST_TEST(s.shed_events == 1u);
  BOOST_TEST(s.queued == 7u);
  BOOST_TEST(s.published == 0u);
}

BOOST_AUTO_TEST_CASE(stop_never_waits_for_a_broker_it_cannot_reach) {
  broker_link link{nowhere, messaging::topology{}, {}};
  link.start();
  BOOST_TEST(link.publish(message(delivery::event)));
  std::this_thread::sleep_for(200ms); // a few refused attempts
  BOOST_TEST(!link.connected());
  auto before = std::chrono::steady_clock::now();
  link.stop(5s);
  // The grace is for publishing; with no connection there is none to use.
  BOOST_TEST((std::chrono::steady_clock::now() - before < 1s));
  BOOST_TEST(link.stats().queued == 1u);
  link.stop(); // again: nothing to do
}

BOOST_AUTO_TEST_CASE(stop_publishes_what_is_queued_within_its_grace) {
  live_link broker;
  auto& admin = broker.scratch.admin;
  auto events = admin.declare_reply_queue();
  admin.bind_queue(events, broker.scratch.topo.events_exchange(), "#");
  admin.consume_unacked(events);
  for (int i = 0; i < 100; ++i) {
    auto m = message(delivery::event, std::to_string(i));
    m.exchange = broker.scratch.topo.events_exchange();
    m.routing_key = "a.tick";
    BOOST_TEST(broker.link->publish(std::move(m)));
  }
  broker.link->stop(5s);
  auto s = broker.link->stats();
  BOOST_TEST(!s.connected);
  BOOST_TEST(s.published == 100u);
  BOOST_TEST(s.unconfirmed == 0u);
  BOOST_TEST(s.queued == 0u);
  auto got = drain(admin);
  BOOST_REQUIRE_EQUAL(got.size(), 100u);
  for (int i = 0; i < 100; ++i)
    BOOST_TEST(got[i].body == std::to_string(i));
}

BOOST_AUTO_TEST_CASE(a_request_past_its_deadline_is_counted_not_sent) {
  live_link broker;
  bind_lane(broker);
  auto late = request(broker, "late");
  late.expires = std::chrono::steady_clock::now() - 1ms;
  BOOST_TEST(broker.link->publish(std::move(late)));
  BOOST_TEST(broker.link->publish(request(broker, "fresh")));
  BOOST_TEST(expect_delivery(broker.scratch.admin).body == "fresh");
  BOOST_TEST(drain(broker.scratch.admin).empty());
  BOOST_TEST(broker.link->stats().expired == 1u);
  BOOST_TEST(broker.link->stats().published == 1u);
}

BOOST_AUTO_TEST_CASE(a_workers_reply_comes_back_by_direct_reply_to) {
  live_link broker;
  bind_lane(broker);
  BOOST_TEST(broker.link->reply_queue() ==
             messaging::amqp_connection::direct_reply_to);
  auto m = request(broker, "ask");
  m.options.reply_to = broker.link->reply_queue();
  m.options.correlation_id = "r1";
  BOOST_TEST(broker.link->publish(std::move(m)));
  // The worker answers to the reply_to the broker filled in.
  auto asked = expect_delivery(broker.scratch.admin);
  BOOST_TEST(asked.correlation_id == "r1");
  messaging::publish_options o;
  o.correlation_id = asked.correlation_id;
  broker.scratch.admin.publish("", asked.reply_to, "answer", o);
  auto reply = broker.replies.next();
  BOOST_REQUIRE(reply);
  BOOST_TEST(reply->correlation_id == "r1");
  BOOST_TEST(reply->body == "answer");
}

BOOST_AUTO_TEST_SUITE_END()
