// What the AMQP gateway does with time: a request is kept until its
// deadline has passed at a sweep (every 100 ms), and expiries shrink the
// learned limit on requests in flight (core/concurrency_limit.hpp) while
// answers in time grow it back. Deadlines are read from the real clocks,
// the ledgers' timeouts and the sweep from the virtual one.

#include "tests/actors/gateway_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_FIXTURE_TEST_SUITE(amqp_gateway_expiry, gateway_fixture)

BOOST_AUTO_TEST_CASE(a_reply_after_the_ledger_gave_up_is_delivered_to_nobody) {
  // The deadline is far off, so the sweep keeps the request waiting.
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

BOOST_AUTO_TEST_CASE(the_sweep_forgets_a_request_past_its_deadline) {
  // A deadline already past is given 1 ms; let it pass for real.
  auto a = ask(request_for("a", 1, -1s), 50ms);
  auto id = id_of("a", 1);
  std::this_thread::sleep_for(5ms);
  advance(50ms);
  BOOST_TEST(a->errors.size() == 1u);
  BOOST_TEST(state().waiting.size() == 1u); // no sweep yet
  advance(50ms);
  BOOST_TEST(state().waiting.empty());
  BOOST_TEST(admitted->in_flight.load() == 0u);
  // An expiry: the limit shrinks by a fifth, and the ledgers see it.
  BOOST_TEST(state().limit.value() == 16u);
  BOOST_TEST(admitted->limit.load() == 16u);
  reply(id, reply_body("a", 1));
  BOOST_TEST(a->count() == 1u);
  BOOST_TEST(state().waiting.empty());
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
