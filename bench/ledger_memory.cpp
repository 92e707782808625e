// What an idle ledger costs in memory: N ledgers loaded by the registry (as
// ledgerd loads them at start), every one a ledger actor with its state,
// none ticking. Prints resident bytes per ledger for each N, in lines
// `name value unit`.
//
// Usage: ledger_memory [N ...]   (default: 100000 1000000)
//
// Needs no server: a stand-in answers the registry's load_all with N
// stored records (stopped ledgers of two tickers, as the REST examples
// create them).

#include "actors/ledger.hpp"
#include "actors/registry.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <malloc.h>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace ledger;

namespace {

std::size_t resident_bytes() {
  std::ifstream statm{"/proc/self/statm"};
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::vector<ledger_record> records(std::size_t n) {
  std::vector<ledger_record> out;
  out.reserve(n);
  auto now = std::chrono::system_clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    ledger_config c;
    c.name = "ledger-" + std::to_string(i);
    c.tickers = {"AAPL", "GOOG"};
    c.algo_path = "buy_and_hold";
    c.interval = std::chrono::hours{24};
    auto r = new_ledger_record(std::move(c), now);
    r.status = ledger_status::stopped;
    r.positions = {{"AAPL", 8}};
    out.push_back(std::move(r));
  }
  return out;
}

// Loads n ledgers into a fresh registry; returns resident bytes per ledger.
double bytes_per_ledger(std::size_t n) {
  caf::actor_system_config cfg;
  // As ledgerd --scheduler sharing: the stealing scheduler's idle workers
  // spin through a million mailboxes, which slows the load, not the figure.
  cfg.set("scheduler.policy", caf::atom("sharing"));
  caf::actor_system sys{cfg};
  // Answers load_all only, with records made on demand (so their memory,
  // freed once the ledgers hold their state, is not counted as a ledger's
  // nor hidden by reuse); the ledgers never write while idle.
  auto persistence = caf::actor_cast<persistence_actor>(sys.spawn(
    [](caf::event_based_actor*, std::size_t count) -> caf::behavior {
      return {[count](atom::load_all) { return records(count); }};
    },
    n));
  ledger_deps deps;
  deps.persistence = persistence;
  malloc_trim(0);
  auto before = resident_bytes();
  auto registry =
    sys.spawn(registry_fn, deps, std::shared_ptr<const shard_ownership>{});
  caf::scoped_actor self{sys};
  std::size_t loaded = 0;
  self->request(registry, caf::infinite, atom::load_all::value)
    .receive([&](std::size_t k) { loaded = k; },
             [](caf::error&) { std::exit(1); });
  std::this_thread::sleep_for(std::chrono::milliseconds{500});
  malloc_trim(0); // give back what the records and messages used
  auto after = resident_bytes();
  self->send_exit(registry, caf::exit_reason::user_shutdown);
  if (loaded != n) {
    std::fprintf(stderr, "loaded %zu of %zu ledgers\n", loaded, n);
    std::exit(1);
  }
  return static_cast<double>(after - before) / static_cast<double>(n);
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i)
    sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty())
    sizes = {100'000, 1'000'000};
  for (auto n : sizes) {
    if (n == 0) {
      std::fprintf(stderr, "usage: ledger_memory [N ...] (N > 0)\n");
      return 2;
    }
    std::printf("ledger_memory_bytes_at_%zu %.0f bytes\n", n,
                bytes_per_ledger(n));
    std::fflush(stdout);
  }
  return 0;
}
