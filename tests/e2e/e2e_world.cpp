#include "tests/e2e/e2e_world.hpp"

#include "core/engine_shard.hpp"
#include "core/ledger_record.hpp"
#include "messaging/amqp_connection.hpp"
#include "messaging/topology.hpp"
#include "tests/actors/database_checks.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

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
  // ledgerd declared its command and shard queues durable under this
  // world's prefix; left behind, they pile up in the broker (every one is
  // recovered at each broker start, ~3 ms apiece).
  try {
    messaging::amqp_connection admin;
    admin.connect(require_env("LEDGER_AMQP_URL"));
    messaging::topology topology;
    topology.prefix = prefix;
    topology.engine_shards = default_engine_shards;
    messaging::delete_topology(admin, topology);
  } catch (const std::exception& e) {
    BOOST_TEST_MESSAGE("cleanup of " << prefix << " failed: " << e.what());
  }
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

std::string world::outcomes(const std::string& ledger) {
  std::string out;
  for (std::size_t i = 0; i < tick_outcome_count; ++i) {
    auto outcome = static_cast<tick_outcome>(i);
    if (auto n = count(ledger, outcome))
      out += std::string{to_string(outcome)} + " " + std::to_string(n) + ", ";
  }
  auto record = store.find_ledger(ledger);
  return out + "status " +
         (record ? std::string{to_string(record->status)} : "unknown");
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

namespace {

// The lowest port the kernel hands out to outgoing connections: ports
// from it up may be taken by any connection to Postgres or RabbitMQ
// between this choice and ledgerd's bind.
int first_ephemeral_port() {
  std::ifstream range{"/proc/sys/net/ipv4/ip_local_port_range"};
  int low = 32768;
  range >> low;
  return low;
}

bool bindable(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

} // namespace

std::string http_port() {
  std::random_device rd;
  auto top = std::max(first_ephemeral_port() - 1, 10'001);
  std::uniform_int_distribution<int> pick{10'000, top};
  for (int tries = 0; tries < 100; ++tries)
    if (auto port = pick(rd); bindable(port))
      return std::to_string(port);
  BOOST_FAIL("no free port below the ephemeral range");
  return {};
}

program& start_engine(world& w, std::vector<std::string> extra) {
  auto port = http_port();
  w.http_port = static_cast<unsigned short>(std::stoi(port));
  std::vector<std::string> args{"--http-addr", "127.0.0.1:" + port};
  args.insert(args.end(), extra.begin(), extra.end());
  auto& engine = w.start(LEDGERD_BINARY, std::move(args));
  BOOST_REQUIRE_MESSAGE(engine.wait_for_output("broker: connected", 30s),
                        engine.output());
  BOOST_REQUIRE_MESSAGE(engine.wait_for_output("HTTP on", 30s),
                        engine.output() << engine.error_output());
  return engine;
}

} // namespace ledger::test
