#include "tests/e2e/e2e_world.hpp"

#include "core/ledger_record.hpp"
#include "tests/actors/database_checks.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <random>
#include <thread>

namespace ledger::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const fs::path source{LEDGER_SOURCE_DIR};

std::string random_hex() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                std::uniform_int_distribution<unsigned long long>{}(rd));
  return buf;
}

} // namespace

world::world()
  : prefix("e2e." + random_hex() + "."),
    dir(fs::temp_directory_path() / ("ledger-e2e-" + random_hex())),
    root(dir / "algos"), csv(dir / "prices.csv"), model_log(dir / "model.log") {
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

world::~world() {
  programs.clear();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

std::vector<std::pair<std::string, std::string>> world::env() const {
  return {{"LEDGER_DATABASE_URL", db.url()},
          {"LEDGER_TOPOLOGY_PREFIX", prefix},
          {"LEDGER_ALGOS_ROOT", root.string()},
          {"LEDGER_MODEL_LOG", model_log.string()},
          {"LEDGER_API_KEYS", "e2e-key"}};
}

program& world::start(const char* binary, std::vector<std::string> args) {
  programs.push_back(std::make_unique<program>(binary, args, env()));
  return *programs.back();
}

std::pair<int, std::string> world::ctl(std::vector<std::string> args) {
  program p{LEDGERCTL_BINARY, std::move(args), env()};
  auto status = p.wait(30s);
  return {status, p.output()};
}

std::size_t world::count(const std::string& ledger, tick_outcome outcome) {
  return count_outcome(store, ledger, outcome);
}

bool world::wait_for_ticks(const std::string& ledger, tick_outcome outcome,
                           std::size_t n, std::chrono::seconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (count(ledger, outcome) >= n)
      return true;
    std::this_thread::sleep_for(200ms);
  }
  return false;
}

void store_running_ledger(world& w, const std::string& name,
                          const std::string& algo,
                          std::chrono::milliseconds interval) {
  w.store.migrate();
  auto now = std::chrono::system_clock::now();
  ledger_config config;
  config.name = name;
  config.tickers = {"AAPL", "MSFT"};
  config.algo_path = algo;
  config.interval = interval;
  config.lifespan = std::chrono::hours{1};
  config.initial_balance = money::units(3000);
  auto record = new_ledger_record(config, now);
  record.status = ledger_status::running;
  record.first_started = now;
  BOOST_REQUIRE(w.store.create_ledger(record));
}

std::string http_port() {
  std::random_device rd;
  return std::to_string(std::uniform_int_distribution<int>{20000, 40000}(rd));
}

program& start_engine(world& w, std::vector<std::string> extra) {
  auto port = http_port();
  w.http_port = static_cast<unsigned short>(std::stoi(port));
  std::vector<std::string> args{"--http-addr", "127.0.0.1:" + port};
  args.insert(args.end(), extra.begin(), extra.end());
  auto& engine = w.start(LEDGERD_BINARY, std::move(args));
  BOOST_REQUIRE_MESSAGE(engine.wait_for_output("broker: connected", 30s),
                        engine.output());
  return engine;
}

} // namespace ledger::test
