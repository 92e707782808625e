// SIGSTOP of the broker, and of Postgres, for 20 s while 150 ledgers tick
// (deploy/services.sh rabbitmq-pause|rabbitmq-resume, postgres-pause|
// postgres-resume): a hang, not a crash. The connections stay open and
// nothing answers on them, so only timeouts and heartbeats can tell.
// Nothing may wait forever: throughout the hang /readyz answers within
// 10 s and reads within 20 s (503 allowed), a mutation is answered within
// its bound and its answer tells the truth (201 done, 503 nothing done,
// 504 in doubt: then a look shows the record); after SIGCONT ledgerd is ready
// again, every ledger ticks ok, and every record is whole.

#include "core/ledger_record.hpp"
#include "tests/fault/server_faults.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

constexpr auto hang = 20s;

// What the probes during the hang saw.
struct probes {
  int ready = 0, not_ready = 0;
  std::chrono::milliseconds slowest_readyz{0}, slowest_read{0};
  /// When the first /readyz answered 503 was asked, since the hang began.
  std::optional<std::chrono::milliseconds> first_not_ready;
  std::string not_ready_body;
  std::map<int, int> reads; ///< by status
  /// When /readyz first said the writer is failing, since the hang began.
  std::optional<std::chrono::milliseconds> writer_failing;
};

// Until `until`: /readyz, a view (memory) and a page of trades (the
// database) one after the other; each must answer within its bound.
probes probe_until(unsigned short port, wall_time began, wall_time until) {
  probes seen;
  while (std::chrono::system_clock::now() < until) {
    auto asked = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now() - began);
    auto r = request_within(port, "GET", "/readyz", "", 10s);
    BOOST_TEST(r.status != 0, "/readyz did not answer within 10 s");
    seen.slowest_readyz = std::max(seen.slowest_readyz, r.took);
    seen.ready += r.status == 200 ? 1 : 0;
    if (r.status == 503 && seen.not_ready++ == 0) {
      seen.first_not_ready = asked;
      seen.not_ready_body = r.body;
    }
    if (!seen.writer_failing &&
        json_at(r.body, "persistence.failing") == "true")
      seen.writer_failing = asked;
    for (auto target : {"/v1/ledgers/rand_0", "/v1/ledgers/rand_0/trades"}) {
      auto v = request_within(port, "GET", target, "", 20s);
      // 504: the read's own 3 s bound passed (a reader waits on the
      // frozen server until the stall limit breaks its call off).
      BOOST_TEST((v.status == 200 || v.status == 503 || v.status == 504),
                 target << " answered " << v.status << " after "
                        << v.took.count() << " ms: " << v.body);
      seen.slowest_read = std::max(seen.slowest_read, v.took);
      ++seen.reads[v.status];
    }
    std::this_thread::sleep_for(500ms);
  }
  return seen;
}

// ledgerd breaks off a database call after this (--database-stall-limit),
// well inside the hang, so the test sees the writer notice it.
constexpr auto stall_limit = "5s";
constexpr auto stall_limit_ms = "5000 ms";

// The whole test for one server: `pause` and `resume` are services.sh
// commands.
void hang_and_recover(const std::string& pause, const std::string& resume) {
  system_under_load s{120, 30, {"--database-stall-limit", stall_limit}};
  auto& w = s.w;
  auto port = w.http_port;

  server_fault frozen{pause, resume};
  // A mutation during the hang: its answer, whatever it is, must hold.
  auto created =
    request_within(port, "POST", "/v1/ledgers",
                   R"({"name": "born_in_hang", "tickers": ["AAPL", "MSFT"],
        "algo_path": "builtin:random", "interval": "200ms", "end": 1,
        "initial_balance": 3000})",
                   30s);
  BOOST_TEST(
    (created.status == 201 || created.status == 503 || created.status == 504),
    created.body);
  auto seen = probe_until(port, frozen.began(), frozen.began() + hang);
  frozen.bring_back();
  auto back_at = std::chrono::system_clock::now();

  auto ready = wait_for_readyz(port, 200, 90s);
  BOOST_REQUIRE_MESSAGE(ready.status == 200, ready.body);
  auto ready_at = back_at + ready.took;
  auto late = without_ok_tick_after(w, ready_at, 90s);
  BOOST_TEST(late.empty(), late.size() << " running ledgers without an ok "
                                       << "tick after the hang, the first: "
                                       << (late.empty() ? "" : late.front()));
  // 201: it exists; 503: it left nothing; 504: in doubt, so the client
  // looks, and what it sees must be the record.
  auto exists = w.store.find_ledger("born_in_hang").has_value();
  if (created.status != 504)
    BOOST_TEST(exists == (created.status == 201), created.body);
  auto looked =
    request_within(port, "GET", "/v1/ledgers/born_in_hang", "", 20s);
  BOOST_TEST(looked.status == (exists ? 200 : 404), looked.body);

  auto gap = outcomes_between(w, frozen.began(), ready_at);
  std::string reads;
  for (auto& [status, n] : seen.reads)
    reads += " " + std::to_string(n) + " x " + std::to_string(status);
  BOOST_TEST_MESSAGE(
    pause << " for " << seconds_between(frozen.began(), back_at)
          << " s: create answered " << created.status << " in "
          << created.took.count() << " ms; /readyz " << seen.ready << " ready, "
          << seen.not_ready << " not ready (the first asked "
          << (seen.first_not_ready
                ? std::to_string(seen.first_not_ready->count()) + " ms"
                : std::string{"never"})
          << " into the hang: " << seen.not_ready_body << "), slowest "
          << seen.slowest_readyz.count() << " ms; reads" << reads
          << ", slowest " << seen.slowest_read.count() << " ms; ready "
          << ready.took.count() << " ms after SIGCONT; ticks in the gap: "
          << describe(gap) << "; the writer failing from "
          << (seen.writer_failing
                ? std::to_string(seen.writer_failing->count()) + " ms"
                : std::string{"never"}));
  BOOST_TEST(gap["model_error"] == 0u);
  // A frozen database is noticed within the stall limit, so the writer's
  // queue bound holds ledgerd's memory: its call is broken off and it says
  // so. (/readyz shows it only between the writer's reconnects, each of
  // which waits out a connect timeout: too few probes to count on.)
  if (pause == "postgres-pause")
    BOOST_TEST(s.engine->output().find(std::string{"within "} +
                                       stall_limit_ms) != std::string::npos,
               "the writer never broke off its call to the frozen database");
  // Both are noticed within the hang: the database by the stall limit and
  // its probes, the broker by ledgerd's 5 s heartbeat (two beats missed).
  BOOST_TEST(seen.first_not_ready.has_value(),
             "/readyz never said not ready during the hang");
  s.stop_and_check_every_ledger();
}

} // namespace

BOOST_AUTO_TEST_SUITE(fault)

BOOST_AUTO_TEST_CASE(a_frozen_broker_hangs_nothing) {
  hang_and_recover("rabbitmq-pause", "rabbitmq-resume");
}

BOOST_AUTO_TEST_CASE(a_frozen_database_hangs_nothing) {
  hang_and_recover("postgres-pause", "postgres-resume");
}

BOOST_AUTO_TEST_SUITE_END()
