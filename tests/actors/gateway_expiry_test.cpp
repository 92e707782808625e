// What the AMQP gateway does with time: a request is answered `timeout` at
// its deadline unless a worker answered first (one timer for all requests,
// due at the earliest deadline), and expiries shrink the learned limit on
// requests in flight (core/concurrency_limit.hpp) while answers in time
// grow it back. Deadlines are read from the real clocks, the timers from
// the virtual one.

#include "tests/actors/gateway_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(amqp_gateway_expiry, gateway_fixture)

BOOST_AUTO_TEST_CASE(a_reply_after_the_ledger_gave_up_is_delivered_to_nobody) {
  // The deadline is far off, so the gateway keeps the request waiting.
  auto a = ask(request_for("a", 1, 1h), 50ms);
  advance(50ms);
  BOOST_REQUIRE_EQUAL(a->errors.size(), 1u);
  BOOST_TEST(timed_out(a->errors[0]));
  BOOST_TEST(state().waiting.size() == 1u);
  BOOST_TEST(admitted->in_flight.load() == 1u);
  reply(id_of("a", 1), reply_body("a", 1));
  // Taken as an answer (the request is forgotten), but the ledger, which
  // has recorded its timeout, hears nothing more.
  BOOST_TEST(a->count() == 1u);
  BOOST_TEST(state().waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
}

BOOST_AUTO_TEST_CASE(a_request_past_its_deadline_is_answered_timeout) {
  // A deadline already past is given 1 ms; let it pass for real. The other
  // request's deadline is far off: it stays waiting.
  auto a = ask(request_for("a", 1, -1s));
  auto b = ask(request_for("b", 1, 1h));
  auto id = id_of("a", 1);
  std::this_thread::sleep_for(5ms);
  BOOST_TEST(a->count() == 0u); // its timer has not fired yet
  advance(1ms);
  BOOST_REQUIRE_EQUAL(a->replies.size(), 1u);
  BOOST_TEST((a->replies[0].error == algo_failure::timeout));
  BOOST_TEST(a->replies[0].ledger == "a");
  BOOST_TEST(a->replies[0].tick == 1);
  BOOST_TEST(b->count() == 0u);
  BOOST_TEST(state().waiting.size() == 1u);
  BOOST_TEST(state().expiries.size() == 1u);
  BOOST_TEST(admitted->in_flight.load() == 1u);
  // An expiry: the limit shrinks by a fifth, and the ledgers see it.
  BOOST_TEST(state().limit.value() == 16u);
  BOOST_TEST(admitted->limit.load() == 16u);
  // The worker's answer, too late, reaches nobody.
  reply(id, reply_body("a", 1));
  BOOST_TEST(a->count() == 1u);
  BOOST_TEST(state().waiting.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_answer_in_time_leaves_nothing_to_expire) {
  auto a = ask(request_for("a", 1, 2s));
  BOOST_TEST(state().expiries.size() == 1u);
  reply(id_of("a", 1), reply_body("a", 1));
  BOOST_REQUIRE_EQUAL(a->replies.size(), 1u);
  BOOST_TEST(!a->replies[0].error);
  BOOST_TEST(state().expiries.empty());
  // The timer set for its deadline still fires: no second answer, and the
  // limit is as it was.
  std::this_thread::sleep_for(5ms);
  advance(3s);
  BOOST_TEST(a->count() == 1u);
  BOOST_TEST(state().limit.value() == 20u);
}

BOOST_AUTO_TEST_CASE(a_reply_past_its_deadline_counts_as_an_expiry) {
  // Past its deadline for real, but no sweep has run yet: the reply that
  // comes now was not in time, so it shrinks the limit instead of growing
  // it (as an answer in time would).
  auto a = ask(request_for("a", 1, -1s), 50ms);
  std::this_thread::sleep_for(5ms);
  reply(id_of("a", 1), reply_body("a", 1));
  BOOST_TEST(state().waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
  BOOST_TEST(state().limit.value() == 16u);
  BOOST_TEST(admitted->limit.load() == 16u);
}

BOOST_AUTO_TEST_CASE(
  a_worker_timeout_reaches_the_ledger_and_shrinks_the_limit) {
  auto a = ask(request_for("a", 1, 1h));
  reply(id_of("a", 1), reply_body("a", 1, algo_failure::timeout));
  BOOST_REQUIRE_EQUAL(a->replies.size(), 1u);
  BOOST_TEST((a->replies[0].error == algo_failure::timeout));
  BOOST_TEST(admitted->limit.load() == 16u);
  BOOST_TEST(admitted->in_flight.load() == 0u);
}

BOOST_AUTO_TEST_CASE(only_answers_in_time_grow_the_limit_and_duplicates_not) {
  ask(request_for("a", 1, 1h));
  reply(id_of("a", 1), reply_body("a", 1, algo_failure::timeout));
  BOOST_REQUIRE_EQUAL(admitted->limit.load(), 16u);
  // It grows by one after 16 answers. A duplicate counted as an answer
  // would get there after 8 rounds.
  for (std::int64_t tick = 2; tick <= 16; ++tick) {
    auto a = ask(request_for("a", tick, 1h));
    auto id = id_of("a", tick);
    reply(id, reply_body("a", tick));
    reply(id, reply_body("a", tick));
    BOOST_TEST(a->count() == 1u);
  }
  BOOST_TEST(admitted->limit.load() == 16u);
  ask(request_for("a", 17, 1h));
  reply(id_of("a", 17), reply_body("a", 17));
  BOOST_TEST(admitted->limit.load() == 17u);
  BOOST_TEST(state().limit.value() == 17u);
}

BOOST_AUTO_TEST_SUITE_END()
