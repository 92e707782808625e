// kill -9 of RabbitMQ for 20 s while 150 ledgers tick, then a restart
// (deploy/services.sh rabbitmq-kill, rabbitmq-start). Every program finds
// the broker again by itself: ledgerd (/readyz, its log), each lane of the
// worker and the feed. Ticks in the gap are recorded as the outage they
// are (broker_unavailable), never as a model's failure. A command the
// broker confirmed is carried out once, whether it was answered before
// the kill, still queued at the kill, or published while the broker was
// away (ledgerctl retrying);
// REST keeps working meanwhile. Afterwards every ledger ticks ok again and
// its record is whole: ticks 1..N, book equal to its fills.

#include "core/ledger_record.hpp"
#include "tests/fault/server_faults.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <optional>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// ledgerctl retrying the broker (with backoff) for up to a minute, then
// waiting as long for ledgerd's reply.
program& patient_ctl(world& w, std::vector<std::string> args) {
  for (auto extra : {"--connect-timeout", "60s", "--timeout", "60s"})
    args.emplace_back(extra);
  w.programs.push_back(
    std::make_unique<program>(LEDGERCTL_BINARY, std::move(args), w.env()));
  return *w.programs.back();
}

} // namespace

BOOST_AUTO_TEST_SUITE(fault)

BOOST_AUTO_TEST_CASE(a_killed_broker_is_found_again_by_every_program) {
  system_under_load s{120, 30};
  auto& w = s.w;
  auto port = w.http_port;
  auto lanes = occurrences(s.worker->output(), ": serving ");

  // Answered before the kill: it must have stuck.
  auto [stopped, said] = w.ctl({"stop", "rand_1"});
  BOOST_REQUIRE_MESSAGE(stopped == 0, said);

  // Confirmed by the broker but not yet done when it dies: ledgerd, frozen
  // for the moment, cannot take it. The queue is durable and the message
  // persistent, so it outlives the kill and ledgerd gets it afterwards.
  s.engine->signal(SIGSTOP);
  publish_confirmed(w, command_of(messaging::command_kind::stop, "rand_5"));
  server_fault broker{"rabbitmq-kill", "rabbitmq-start"};
  s.engine->signal(SIGCONT);
  // ledgerd notices at once: its connection was reset.
  auto away = wait_for_readyz(port, 503, 10s);
  BOOST_TEST(away.status == 503, away.body);
  BOOST_TEST(json_at(away.body, "status") == "not_ready");
  BOOST_TEST(json_at(away.body, "broker.status") == "unreachable");
  BOOST_TEST(json_at(away.body, "database.reachable") == "true");

  // REST needs only the database: a ledger created and a report applied
  // during the outage are answered as usual.
  auto created =
    request_within(port, "POST", "/v1/ledgers",
                   R"({"name": "born_in_outage", "tickers": ["AAPL", "MSFT"],
        "algo_path": "builtin:random", "interval": "200ms", "end": 1,
        "initial_balance": 3000})");
  BOOST_TEST(created.status == 201, created.body);
  auto reported =
    request_within(port, "POST", "/v1/ledgers/born_in_outage/trades", one_buy);
  BOOST_TEST(reported.status == 201, reported.body);
  // Commands sent while the broker is away: ledgerctl keeps trying, and
  // once the broker confirms them they wait in the durable queue until
  // ledgerd is back.
  auto& stop_later = patient_ctl(w, {"stop", "rand_3"});
  auto& update_later =
    patient_ctl(w, {"update", "born_in_outage", "--trades",
                    R"([{"type": "buy", "ticker": "MSFT", "quantity": 1}])"});

  std::this_thread::sleep_until(broker.began() + outage);
  // While the broker boots and after: when it accepts connections again,
  // and when ledgerd, every lane of the worker and the feed are back on it.
  auto amqp_port = port_of(require_env("LEDGER_AMQP_URL"));
  std::optional<wall_time> open_at, ready_at, lanes_at, feed_at;
  auto look = [&] {
    auto now = std::chrono::system_clock::now();
    if (!open_at && port_open(amqp_port))
      open_at = now;
    if (open_at && !ready_at &&
        request_within(port, "GET", "/readyz", "", 2s).status == 200)
      ready_at = now;
    if (!lanes_at && occurrences(s.worker->output(), ": serving ") >= 2 * lanes)
      lanes_at = now;
    if (!feed_at && occurrences(s.feed->output(), "reconnected") > 0)
      feed_at = now;
  };
  auto restarted_at = std::chrono::system_clock::now();
  broker.bring_back(look);
  auto back_at = std::chrono::system_clock::now();
  for (auto until = std::chrono::steady_clock::now() + 60s;
       (!ready_at || !lanes_at || !feed_at) &&
       std::chrono::steady_clock::now() < until;
       std::this_thread::sleep_for(100ms))
    look();
  BOOST_REQUIRE(open_at && ready_at);
  BOOST_TEST(occurrences(s.engine->output(), "broker: connected") == 2u);
  BOOST_TEST(lanes_at.has_value(), s.worker->output());
  BOOST_TEST(feed_at.has_value(), s.feed->output());

  BOOST_TEST(stop_later.wait(90s) == 0, stop_later.output());
  BOOST_TEST(update_later.wait(90s) == 0, update_later.output());
  auto [started, reply] = w.ctl({"start", "rand_1"});
  BOOST_TEST(started == 0, reply);
  auto late = without_ok_tick_after(w, *ready_at, 60s);
  BOOST_TEST(late.empty(), late.size() << " running ledgers without an ok "
                                       << "tick after the outage, the first: "
                                       << (late.empty() ? "" : late.front()));

  // What the gap cost: requests in flight at the kill time out, every
  // later tick until ledgerd is back is broker_unavailable; no model was
  // blamed.
  auto gap = outcomes_between(w, broker.began(), *ready_at);
  auto after = outcomes_between(w, *ready_at, std::chrono::system_clock::now());
  auto since_open = [&](const std::optional<wall_time>& t) {
    return t ? seconds_between(*open_at, *t) : std::string{"never"};
  };
  BOOST_TEST_MESSAGE("broker killed for "
                     << seconds_between(broker.began(), restarted_at)
                     << " s; rabbitmq-start took "
                     << seconds_between(restarted_at, back_at)
                     << " s, AMQP accepted after "
                     << seconds_between(restarted_at, *open_at)
                     << " s; from then ledgerd was ready after "
                     << since_open(ready_at) << " s, all " << lanes
                     << " lanes served after " << since_open(lanes_at)
                     << " s, the feed published after " << since_open(feed_at)
                     << " s; ticks in the gap: " << describe(gap)
                     << "; since ready: " << describe(after));
  BOOST_TEST(gap["broker_unavailable"] > 0u);
  BOOST_TEST(gap["model_error"] + after["model_error"] == 0u);

  s.stop_and_check_every_ledger();
  // Each command took effect, and once only.
  BOOST_TEST(w.store.find_ledger("rand_1")->status == ledger_status::running);
  BOOST_TEST(w.store.find_ledger("rand_3")->status == ledger_status::stopped);
  BOOST_TEST(w.store.find_ledger("rand_5")->status == ledger_status::stopped);
  BOOST_TEST(w.count("born_in_outage", tick_outcome::reported) == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
