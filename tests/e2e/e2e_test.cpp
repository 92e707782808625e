// The whole pipeline on real servers: ledgerd, two ledger-workers running
// real Python model hosts, ledger-feed replaying real-shaped prices, and
// ledgerctl creating ledgers through the command queue. Checked from
// Postgres: fills at replayed prices, rejections back to the model, the
// invariant, and a ledger that keeps ticking through a killed worker and a
// killed model host; every bad model output gives a coded error.

#include "json/exact.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/e2e/e2e_world.hpp"
#include "tests/support/http_client.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/document.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(end_to_end)

BOOST_AUTO_TEST_CASE(ledgers_trade_on_replayed_prices_through_failures) {
  world w;
  start_engine(w);
  auto& first = w.start(LEDGER_WORKER_BINARY, {});
  BOOST_REQUIRE(first.wait_for_output("serving", 30s));
  auto& feed = w.start(LEDGER_FEED_BINARY, {"replay", "--csv", w.csv.string(),
                                            "--pace", "100ms", "--loop"});
  auto [status, out] = w.ctl({"create", "e2e_rand", "--tickers", "AAPL,MSFT",
                              "--algo", "random_trader", "--interval", "300ms",
                              "--end", "1", "--balance", "3000"});
  BOOST_REQUIRE_MESSAGE(status == 0, out);
  BOOST_REQUIRE_MESSAGE(w.wait_for_ticks("e2e_rand", tick_outcome::ok, 10),
                        "no ticks; feed: " << feed.output());

  // A second worker joins and takes a share of the ledgers; killing the
  // first moves its share (this ledger, perhaps) onto the second.
  auto& second = w.start(LEDGER_WORKER_BINARY, {});
  BOOST_REQUIRE(second.wait_for_output("serving", 30s));
  first.signal(SIGKILL);
  auto before = w.count("e2e_rand", tick_outcome::ok);
  BOOST_TEST_MESSAGE("worker killed after " << before << " ok ticks");
  BOOST_REQUIRE(w.wait_for_ticks("e2e_rand", tick_outcome::ok, before + 10));

  // Kill the model host under the surviving worker: it is replaced.
  // (pkill runs without a shell, so no other process carries the pattern.)
  program pkill{"pkill",
                {"-9", "-f", "ledger_model.host --algo " + w.root.string()}};
  BOOST_TEST(pkill.wait(10s) == 0, pkill.output());
  before = w.count("e2e_rand", tick_outcome::ok);
  BOOST_REQUIRE(w.wait_for_ticks("e2e_rand", tick_outcome::ok, before + 10));

  auto [sstatus, stopped] = w.ctl({"stop", "e2e_rand"});
  BOOST_TEST(sstatus == 0, stopped);
  std::this_thread::sleep_for(1s); // the last tick lands

  // The old view_ledger object (trades, holding, value by time, balance and
  // nothing else), and the same object whether asked through the command
  // queue or over REST: both read it one way
  // (actors/read_committed_history.hpp).
  auto [vstatus, view] = w.ctl({"view", "e2e_rand", "--json"});
  BOOST_REQUIRE_MESSAGE(vstatus == 0, view);
  auto queued = http_reply{200, view, {}}.json();
  BOOST_REQUIRE(queued.IsObject());
  BOOST_TEST(queued.MemberCount() == 4u, view);
  BOOST_REQUIRE_MESSAGE(
    queued.HasMember("trades") && queued["trades"].IsArray(), view);
  BOOST_REQUIRE_MESSAGE(
    queued.HasMember("holding") && queued["holding"].IsObject(), view);
  BOOST_REQUIRE_MESSAGE(queued.HasMember("value") && queued["value"].IsObject(),
                        view);
  // Numbers are kept as their text (http_reply::json).
  BOOST_REQUIRE_MESSAGE(
    queued.HasMember("balance") && queued["balance"].IsString(), view);
  BOOST_TEST(queued["trades"].Size() > 0u, view);
  http_client http{w.http_port};
  auto rest = http.get("/view_ledger?name=e2e_rand");
  BOOST_REQUIRE_MESSAGE(rest.status == 200, rest.body);
  BOOST_TEST((rest.json() == queued),
             "REST " << rest.body << "\nqueue " << view);

  // Fills happened at replayed prices only (no slippage configured).
  auto trades = w.store.trades("e2e_rand", 0, 100'000);
  BOOST_TEST(trades.size() > 5u);
  for (auto& t : trades)
    BOOST_REQUIRE_MESSAGE(
      w.replayed[t.trade.ticker].count(t.trade.fill_price.micros()) == 1,
      t.trade.ticker << " filled at " << t.trade.fill_price.to_string());
  check_invariant_in_database(w.store, "e2e_rand");

  // The view shows the stored book: every fill in order, the holdings and
  // the balance.
  auto record = w.store.find_ledger("e2e_rand");
  BOOST_REQUIRE(record.has_value());
  const auto& shown = queued["trades"];
  BOOST_REQUIRE_EQUAL(shown.Size(), trades.size());
  for (rapidjson::SizeType i = 0; i < shown.Size(); ++i) {
    BOOST_TEST_CONTEXT("trade " << i) {
      const auto& fill = trades[i].trade;
      BOOST_TEST(text_of(shown[i], "type") ==
                 std::string{to_string(fill.direction)});
      BOOST_TEST(text_of(shown[i], "ticker") == fill.ticker);
      BOOST_TEST(text_of(shown[i], "quantity") ==
                 std::to_string(fill.shares.shares()));
      BOOST_REQUIRE(shown[i].HasMember("price"));
      BOOST_TEST(json::read_micros(shown[i]["price"]).value_or(-1) ==
                 fill.fill_price.micros());
    }
  }
  holdings shown_holding;
  for (auto& m : queued["holding"].GetObject())
    shown_holding[m.name.GetString()] = std::stoll(m.value.GetString());
  BOOST_TEST((shown_holding == record->positions), view);
  BOOST_TEST(json::read_micros(queued["balance"]).value_or(-1) ==
             record->balance.micros());

  // Rejections were stored with their codes and reached the model, which
  // logs one JSON object per rejection it received:
  // {"ledger": ..., "tick": ..., "code": ...}.
  auto rejections = w.store.rejections("e2e_rand");
  BOOST_TEST(rejections.size() > 0u); // random orders: how many is not fixed
  std::set<std::string> stored;
  for (auto& r : rejections)
    stored.insert(std::string{to_string(r.what.code)});
  std::set<std::string> received;
  std::ifstream log{w.model_log};
  for (std::string line; std::getline(log, line);) {
    rapidjson::Document entry;
    entry.Parse(line.c_str());
    BOOST_REQUIRE_MESSAGE(!entry.HasParseError() && entry.IsObject(), line);
    BOOST_REQUIRE_MESSAGE(
      entry.HasMember("ledger") && entry["ledger"].IsString() &&
        entry.HasMember("tick") && entry["tick"].IsInt64() &&
        entry.HasMember("code") && entry["code"].IsString(),
      line);
    // A rejection comes back with the request after the tick that made it.
    BOOST_TEST(entry["tick"].GetInt64() > 1, line);
    if (entry["ledger"].GetString() == std::string{"e2e_rand"})
      received.insert(entry["code"].GetString());
  }
  // Every code stored reached the model, and the model received no code
  // the engine did not store.
  BOOST_TEST(received == stored, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_model_output_is_coded_and_ledgers_keep_ticking) {
  world w;
  start_engine(w);
  BOOST_REQUIRE(
    w.start(LEDGER_WORKER_BINARY, {}).wait_for_output("serving", 30s));
  w.start(LEDGER_FEED_BINARY, {"random", "--tickers", "AAPL,MSFT", "--seed",
                               "5", "--pace", "100ms"});
  std::map<std::string, std::string> expected{
    {"returns_nan", "bad_output"},   {"fractional_quantity", "bad_output"},
    {"unknown_field", "bad_output"}, {"not_a_list", "bad_output"},
    {"raises", "model_error"},
  };
  for (auto& [model, code] : expected) {
    auto [status, out] =
      w.ctl({"create", "bad_" + model, "--tickers", "AAPL,MSFT", "--algo",
             model, "--interval", "300ms", "--end", "1"});
    BOOST_REQUIRE_MESSAGE(status == 0, out);
  }
  for (auto& [model, code] : expected) {
    BOOST_TEST_CONTEXT(model) {
      auto name = "bad_" + model;
      BOOST_REQUIRE(w.wait_for_ticks(name, tick_outcome::model_error, 5));
      for (auto& t : w.store.ticks(name))
        if (t.outcome == tick_outcome::model_error)
          BOOST_TEST(t.detail.find(code) == 0u, t.detail);
      BOOST_TEST(w.store.trades(name).empty());
      BOOST_TEST(w.store.find_ledger(name)->status == ledger_status::running);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
