// A command ledgerd has taken but not yet acked when its connection to
// the broker dies (kill -9 of RabbitMQ) is delivered again once the broker
// is back. It must not be carried out twice: an update run twice applies
// its trades twice. Postgres, paused for a moment, holds the update's
// commit (and so its reply and ack) across the kill, so the redelivery
// happens every time. (With the key, the frozen database holds the claim
// of the key instead; the effect on the ack is the same.)

#include "core/ledger_record.hpp"
#include "tests/fault/server_faults.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(fault)

// ledgerd runs an update under its correlation id's idempotency key
// (actors/command_handler.cpp, update_once): the copy delivered again is
// answered with the first copy's reply. Without it: reported 2 != 1.
BOOST_AUTO_TEST_CASE(a_command_taken_when_the_broker_dies_runs_once) {
  require_services_aim_at_urls();
  world w;
  auto& engine = start_engine(w);
  BOOST_REQUIRE(engine.wait_for_output("HTTP on"));
  auto made = request_within(
    w.http_port, "POST", "/v1/ledgers",
    R"({"name": "once", "tickers": ["AAPL"], "algo_path": "builtin:random",
        "interval": "1s", "end": 1, "start": false})");
  BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
  auto update = command_of(messaging::command_kind::update, "once");
  update.trades.push_back(
    {side::buy, "AAPL", *quantity::make(1), price::parse("100")});
  server_fault database{"postgres-pause", "postgres-resume"};
  publish_confirmed(w, update);
  std::this_thread::sleep_for(1s); // taken, waiting on the database
  server_fault broker{"rabbitmq-kill", "rabbitmq-start"};
  database.bring_back(); // the update runs; its ack has no connection
  broker.bring_back();
  BOOST_REQUIRE_EQUAL(wait_for_readyz(w.http_port, 200, 60s).status, 200);
  std::this_thread::sleep_for(2s); // for a redelivered copy to be run
  BOOST_TEST(w.count("once", tick_outcome::reported) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
