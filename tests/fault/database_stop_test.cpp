// Postgres stopped for 20 s while 150 ledgers tick, through ledgerd
// (deploy/services.sh postgres-stop, postgres-start). /readyz says not
// ready (503 and why) while it is away; a mutation is refused with 503
// rather than told a false success, and a refused one leaves no trace;
// what the ledgers did meanwhile is written once the database is back,
// nothing lost or doubled (ticks 1..N, book equal to its fills).

#include "core/ledger_record.hpp"
#include "tests/fault/server_faults.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Reports to one ledger, one after the other, until stopped: some are
// answered before the database goes, some while it goes, some after. The
// n-th buys n shares, so the record tells which of them it holds.
struct reporter {
  explicit reporter(unsigned short port)
    : thread([this, port] {
        for (int n = 1; !stop; ++n) {
          auto a = request_within(
            port, "POST", "/v1/ledgers/reports/trades",
            R"({"trades": [{"type": "buy", "ticker": "AAPL", "quantity": )" +
              std::to_string(n) + "}]}");
          answers[n] = a.status == 503 || a.status == 504
                         ? json_at(a.body, "error.code")
                         : std::to_string(a.status);
          messages[n] = json_at(a.body, "error.message");
          std::this_thread::sleep_for(20ms);
        }
      }) {}
  ~reporter() { finish(); }
  void finish() {
    stop = true;
    if (thread.joinable())
      thread.join();
  }
  std::atomic<bool> stop{false};
  /// By quantity: "201", or the code of a 503 ("database_unavailable") or
  /// a 504 ("timeout"), or another status.
  std::map<std::int64_t, std::string> answers;
  std::map<std::int64_t, std::string> messages; ///< of errors
  std::thread thread;
};

} // namespace

BOOST_AUTO_TEST_SUITE(fault)

BOOST_AUTO_TEST_CASE(a_stopped_database_refuses_mutations_and_loses_nothing) {
  system_under_load s{120, 30};
  auto& w = s.w;
  auto port = w.http_port;
  // A ledger for reports only: not started, rich enough for every buy.
  auto made = request_within(
    port, "POST", "/v1/ledgers",
    R"({"name": "reports", "tickers": ["AAPL"], "algo_path": "builtin:random",
        "interval": "1s", "end": 1, "initial_balance": 1000000,
        "start": false})");
  BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);

  reporter reports{port};
  std::this_thread::sleep_for(500ms);
  server_fault database{"postgres-stop", "postgres-start"};
  auto away = wait_for_readyz(port, 503, 15s);
  reports.finish();
  BOOST_TEST(away.status == 503, away.body);
  BOOST_TEST(json_at(away.body, "status") == "not_ready");
  BOOST_TEST(json_at(away.body, "database.reachable") == "false");
  BOOST_TEST(json_at(away.body, "broker.status") == "connected");
  BOOST_TEST_MESSAGE("/readyz not ready "
                     << away.took.count()
                     << " ms after the stop: " << away.body);

  // Mutations while it is away: 503, not a success the record lacks.
  auto created =
    request_within(port, "POST", "/v1/ledgers",
                   R"({"name": "born_in_outage", "tickers": ["AAPL"],
        "algo_path": "builtin:random", "interval": "200ms", "end": 1})");
  BOOST_TEST(created.status == 503, created.body);
  BOOST_TEST(json_at(created.body, "error.code") == "database_unavailable");
  auto refused =
    request_within(port, "POST", "/v1/ledgers/rand_7/trades", one_buy);
  BOOST_TEST(refused.status == 503, refused.body);
  BOOST_TEST(json_at(refused.body, "error.code") == "database_unavailable");
  // A read answers from memory or says why not, within its bound.
  auto read = request_within(port, "GET", "/v1/ledgers/rand_0");
  BOOST_TEST((read.status == 200 || read.status == 503), read.body);
  BOOST_TEST_MESSAGE("during the outage: create "
                     << created.took.count() << " ms, report "
                     << refused.took.count() << " ms, read " << read.status
                     << " in " << read.took.count() << " ms");

  std::this_thread::sleep_until(database.began() + outage);
  // What ledgerd holds for the database by now: the facts of the outage,
  // up to the queue's capacity, where every ledger waits (backlogged).
  auto held = request_within(port, "GET", "/readyz");
  BOOST_TEST(held.status == 503, held.body);
  BOOST_TEST(json_at(held.body, "persistence.queued") != "0");
  database.bring_back();
  auto back_at = std::chrono::system_clock::now();
  auto ready = wait_for_readyz(port, 200, 60s);
  BOOST_REQUIRE_MESSAGE(ready.status == 200, ready.body);
  auto late = without_ok_tick_after(w, back_at, 60s);
  BOOST_TEST(late.empty(), late.size() << " running ledgers without an ok "
                                       << "tick after the outage, the first: "
                                       << (late.empty() ? "" : late.front()));

  // The refused mutations left nothing behind.
  BOOST_TEST(request_within(port, "GET", "/v1/ledgers/born_in_outage").status ==
             404);
  BOOST_TEST(!w.store.find_ledger("born_in_outage").has_value());
  BOOST_TEST(w.count("rand_7", tick_outcome::reported) == 0u);
  // Every report told 201 is in the record once; none told the database
  // is unavailable; one that timed out (the engine had applied it and was
  // waiting for the commit) may be.
  std::map<std::int64_t, int> recorded;
  for (auto& row : w.store.trades("reports", 0, 100'000))
    ++recorded[row.trade.shares.shares()];
  std::map<std::string, int> said, kept;
  for (auto& [n, answer] : reports.answers) {
    ++said[answer];
    kept[answer] += recorded.count(n) ? 1 : 0;
    BOOST_TEST_CONTEXT("report of " << n << " answered " << answer) {
      BOOST_TEST(recorded[n] <= 1);
      if (answer == "201")
        BOOST_TEST(recorded[n] == 1);
      else
        BOOST_TEST((answer == "database_unavailable" || answer == "timeout"));
      if (answer == "database_unavailable")
        BOOST_TEST(recorded[n] == 0);
      if (answer == "timeout") // in doubt, and it says so
        BOOST_TEST(reports.messages[n].find("may still take effect") !=
                   std::string::npos);
    }
  }
  BOOST_TEST(recorded.size() <= reports.answers.size());
  for (auto& [answer, n] : said)
    BOOST_TEST_MESSAGE("reports around the stop answered "
                       << answer << ": " << n
                       << ", recorded: " << kept[answer]);

  auto gap = outcomes_between(w, database.began(), back_at);
  BOOST_TEST_MESSAGE("database away "
                     << seconds_between(database.began(), back_at)
                     << " s; ledgerd then held "
                     << json_at(held.body, "persistence.queued")
                     << " facts, backlogged "
                     << json_at(held.body, "persistence.backlogged")
                     << "; ready " << ready.took.count()
                     << " ms after the start; ticks in the gap (written "
                     << "after it): " << describe(gap));
  BOOST_TEST(gap["ok"] > 0u);
  s.stop_and_check_every_ledger();
}

BOOST_AUTO_TEST_SUITE_END()
