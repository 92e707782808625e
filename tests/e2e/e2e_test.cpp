// The whole pipeline on real servers: ledgerd, two ledger-workers running
// real Python model hosts, ledger-feed replaying real-shaped prices, and
// ledgerctl creating ledgers through the command queue. Checked from
// Postgres: fills at replayed prices, rejections back to the model, the
// invariant, and a ledger that keeps ticking through a killed worker and a
// killed model host; every bad model output gives a coded error.

#include "persistence/store.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>

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

namespace {

const fs::path source{LEDGER_SOURCE_DIR};

std::string random_hex() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                std::uniform_int_distribution<unsigned long long>{}(rd));
  return buf;
}

// A world of its own: database, topology prefix, algorithms root, prices.
struct world {
  scratch_database db;
  persistence::store store{db.url()};
  std::string prefix = "e2e." + random_hex() + ".";
  fs::path dir = fs::temp_directory_path() / ("ledger-e2e-" + random_hex());
  fs::path root = dir / "algos";
  fs::path csv = dir / "prices.csv";
  fs::path model_log = dir / "model.log";
  std::map<std::string, std::set<std::int64_t>> replayed; ///< micros
  std::vector<std::unique_ptr<program>> programs;

  world() {
    fs::create_directories(root);
    for (auto name : {"random_trader", "buy_and_hold"})
      fs::copy(source / "examples/algorithms" / name, root / name,
               fs::copy_options::recursive);
    for (auto name : {"returns_nan", "fractional_quantity", "unknown_field",
                      "not_a_list", "raises"})
      fs::copy(source / "sdk/python/tests/models" / name, root / name,
               fs::copy_options::recursive);
    // Monthly prices of two tickers, every price distinct.
    std::ofstream out{csv};
    out << "symbol,date,price\n";
    const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int y = 2001; y <= 2003; ++y)
      for (int m = 0; m < 12; ++m)
        for (auto [ticker, base] : {std::pair{"AAPL", 20}, {"MSFT", 30}}) {
          auto cents = base * 100 + (y - 2001) * 1200 + m * 100 + 7;
          out << ticker << ',' << months[m] << " 1 " << y << ',' << cents / 100
              << '.' << (cents % 100 < 10 ? "0" : "") << cents % 100 << '\n';
          replayed[ticker].insert(std::int64_t{cents} * 10'000);
        }
  }

  ~world() {
    programs.clear();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  std::vector<std::pair<std::string, std::string>> env() const {
    return {{"LEDGER_DATABASE_URL", db.url()},
            {"LEDGER_TOPOLOGY_PREFIX", prefix},
            {"LEDGER_ALGOS_ROOT", root.string()},
            {"LEDGER_MODEL_LOG", model_log.string()},
            {"LEDGER_SHARDS", "2"},
            {"LEDGER_API_KEYS", "e2e-key"}};
  }

  program& start(const char* binary, std::vector<std::string> args) {
    programs.push_back(std::make_unique<program>(binary, args, env()));
    return *programs.back();
  }

  // Runs ledgerctl to completion; returns (exit status, output).
  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    program p{LEDGERCTL_BINARY, std::move(args), env()};
    auto status = p.wait(30s);
    return {status, p.output()};
  }

  std::size_t count(const std::string& ledger, tick_outcome outcome) {
    return count_outcome(store, ledger, outcome);
  }

  // Waits until `ledger` has at least `n` ticks with `outcome`.
  bool wait_for_ticks(const std::string& ledger, tick_outcome outcome,
                      std::size_t n, std::chrono::seconds limit = 60s) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (count(ledger, outcome) >= n)
        return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }
};

std::string http_port() {
  std::random_device rd;
  return std::to_string(std::uniform_int_distribution<int>{20000, 40000}(rd));
}

void start_engine(world& w) {
  auto& engine =
    w.start(LEDGERD_BINARY, {"--http-addr", "127.0.0.1:" + http_port()});
  BOOST_REQUIRE_MESSAGE(engine.wait_for_output("broker: connected", 30s),
                        engine.output());
}

} // namespace

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
  // [l]: the pattern must not match the shell running pkill itself.
  auto kill =
    "pkill -9 -f '[l]edger_model.host --algo " + w.root.string() + "'";
  BOOST_TEST(std::system(kill.c_str()) == 0);
  before = w.count("e2e_rand", tick_outcome::ok);
  BOOST_REQUIRE(w.wait_for_ticks("e2e_rand", tick_outcome::ok, before + 10));

  auto [vstatus, view] = w.ctl({"view", "e2e_rand", "--json"});
  BOOST_TEST(vstatus == 0, view);
  // The old view_ledger object: trades, holding, value by time, balance.
  for (auto key : {"\"trades\"", "\"holding\"", "\"value\"", "\"balance\""})
    BOOST_TEST(view.find(key) != std::string::npos, key << " in " << view);
  BOOST_TEST(view.find("\"status\"") == std::string::npos, view);
  auto [sstatus, stopped] = w.ctl({"stop", "e2e_rand"});
  BOOST_TEST(sstatus == 0, stopped);
  std::this_thread::sleep_for(1s); // the last tick lands

  // Fills happened at replayed prices only (no slippage configured).
  auto trades = w.store.trades("e2e_rand", 0, 100'000);
  BOOST_TEST(trades.size() > 5u);
  for (auto& t : trades)
    BOOST_REQUIRE_MESSAGE(
      w.replayed[t.trade.ticker].count(t.trade.fill_price.micros()) == 1,
      t.trade.ticker << " filled at " << t.trade.fill_price.to_string());
  check_invariant_in_database(w.store, "e2e_rand");

  // Rejections were stored with their codes and reached the model.
  auto rejections = w.store.rejections("e2e_rand");
  BOOST_TEST(rejections.size() > 0u);
  std::ifstream log{w.model_log};
  std::string seen((std::istreambuf_iterator<char>(log)),
                   std::istreambuf_iterator<char>());
  std::set<std::string> codes;
  for (auto& r : rejections)
    codes.insert(std::string{to_string(r.what.code)});
  for (auto& code : codes)
    BOOST_TEST(seen.find("\"" + code + "\"") != std::string::npos,
               code << " never reached the model; log: "
                    << seen.substr(0, 500));
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
