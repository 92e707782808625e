// How the AMQP gateway sends a trade request and matches replies to the
// requests waiting for them: a ledger gets exactly one answer, and a reply
// that matches nothing waiting (unknown or duplicate id, another ledger or
// tick, an unreadable body) is dropped without touching the count in
// flight. Replies come in as the broker link hands them over.

#include "tests/actors/gateway_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(amqp_gateway_replies)

BOOST_AUTO_TEST_CASE(without_a_broker_a_request_is_answered_at_once) {
  // A link never started has no reply queue: nothing is sent or kept.
  deterministic_system actors;
  auto link = std::make_shared<broker_link>(
    "amqp://u:p@127.0.0.1:1/v", messaging::topology{}, broker_link::handlers{});
  auto admitted = std::make_shared<admission>(20);
  auto gateway = actors.spawn(amqp_gateway, link, admitted);
  auto a = ask(actors, gateway, request_for("a", 1, 1h));
  BOOST_REQUIRE_EQUAL(a->replies.size(), 1u);
  BOOST_TEST((a->replies[0].error == algo_failure::broker_unavailable));
  BOOST_TEST(a->replies[0].ledger == "a");
  BOOST_TEST(a->replies[0].tick == 1);
  BOOST_TEST(actors.state_of<amqp_gateway_state>(gateway).waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
  BOOST_TEST(link->stats().queued == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_request_goes_out_with_its_correlation_id_and_ttl,
                        gateway_fixture) {
  // A worker lane of our own, to see what the gateway published.
  auto& admin = broker.scratch.admin;
  auto lane = messaging::declare_lane_queue(admin, broker.scratch.topo, "1");
  admin.consume_unacked(lane);
  auto a = ask(request_for("a", 7, 30s));
  auto id = id_of("a", 7);
  BOOST_TEST(id.rfind("a/7/", 0) == 0);
  auto sent = expect_delivery(admin);
  BOOST_TEST(sent.correlation_id == id);
  BOOST_TEST(sent.routing_key == "a");
  BOOST_TEST(sent.reply_to.rfind("amq.rabbitmq.reply-to", 0) == 0);
  auto decoded = messaging::decode_trade_request(sent.body);
  BOOST_REQUIRE(std::holds_alternative<algo_request>(decoded));
  BOOST_TEST(std::get<algo_request>(decoded).tick == 7);
  BOOST_TEST(a->count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_reply_reaches_its_ledger_once_and_a_duplicate_is_lost,
                        gateway_fixture) {
  auto a = ask(request_for("a", 7, 1h));
  BOOST_TEST(a->count() == 0u);
  BOOST_TEST(admitted->in_flight.load() == 1u);
  auto id = id_of("a", 7);
  reply(id, reply_body("a", 7));
  BOOST_REQUIRE_EQUAL(a->replies.size(), 1u);
  BOOST_TEST(!a->replies[0].error);
  BOOST_REQUIRE_EQUAL(a->replies[0].orders.size(), 1u);
  BOOST_TEST(a->replies[0].orders[0].ticker == "AAPL");
  BOOST_TEST(state().waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
  reply(id, reply_body("a", 7));
  BOOST_TEST(a->count() == 1u);
  BOOST_TEST(state().waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_reply_whose_id_matches_nothing_is_dropped,
                        gateway_fixture) {
  auto a = ask(request_for("a", 7, 1h));
  auto id = id_of("a", 7);
  // The right ledger and tick under an id nobody used.
  reply(id + "0", reply_body("a", 7));
  reply("b/7/1", reply_body("b", 7));
  BOOST_TEST(a->count() == 0u);
  BOOST_TEST(state().waiting.size() == 1u);
  BOOST_TEST(admitted->in_flight.load() == 1u);
  reply(id, reply_body("a", 7));
  BOOST_TEST(a->replies.size() == 1u);
  BOOST_TEST(admitted->in_flight.load() == 0u);
}

BOOST_FIXTURE_TEST_CASE(
  a_reply_for_another_ledger_or_tick_or_unreadable_leaves_the_request_waiting,
  gateway_fixture) {
  auto a = ask(request_for("a", 7, 1h));
  auto id = id_of("a", 7);
  for (auto body : {reply_body("b", 7), reply_body("a", 8),
                    std::string{"not json"}, std::string{R"({"v":2})"}}) {
    reply(id, body);
    BOOST_TEST_CONTEXT(body) {
      BOOST_TEST(a->count() == 0u);
      // Kept: the worker may still answer properly before the deadline.
      BOOST_TEST(state().waiting.count(id) == 1u);
      BOOST_TEST(admitted->in_flight.load() == 1u);
    }
  }
  reply(id, reply_body("a", 7));
  BOOST_TEST(a->replies.size() == 1u);
  BOOST_TEST(state().waiting.empty());
}

BOOST_FIXTURE_TEST_CASE(past_the_learned_limit_a_request_is_shed_unsent,
                        basic_gateway_fixture<2>) {
  auto a = ask(request_for("a", 1, 1h));
  auto b = ask(request_for("b", 1, 1h));
  BOOST_TEST(admitted->full());
  auto c = ask(request_for("c", 1, 1h));
  BOOST_REQUIRE_EQUAL(c->replies.size(), 1u);
  BOOST_TEST((c->replies[0].error == algo_failure::overloaded));
  BOOST_TEST(c->replies[0].error_message ==
             "2 requests in flight; the workers are behind");
  BOOST_TEST(a->count() + b->count() == 0u);
  BOOST_TEST(state().waiting.size() == 2u);
  BOOST_TEST(state().sent == 2u); // c never got an id
}

BOOST_AUTO_TEST_SUITE_END()
