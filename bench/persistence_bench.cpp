// How batching pays: tick records pushed through the persistence actor
// (detached, as in ledgerd) into a scratch database, for several batch
// sizes. Prints records and rows committed per second. Needs the local
// Postgres: `deploy/services.sh up && eval "$(deploy/services.sh env)"`.
//
// Usage: persistence_bench [records-per-run (default 20000)]

#include "actors/persistence.hpp"
#include "core/ledger_record.hpp"
#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

using namespace ledger;

namespace {

constexpr int ledgers = 20;

tick_record sample(int ledger, std::int64_t tick, timestamp now) {
  tick_record r;
  r.ledger = "bench-" + std::to_string(ledger);
  r.tick = tick;
  r.time = now;
  r.latency = std::chrono::microseconds{250};
  auto p = *price::parse("176.25");
  r.fills.push_back(fill{side::buy, "AAPL", *quantity::make(3), p, std::nullopt,
                         money{}, money::from_micros(-528'750'000)});
  r.fills.push_back(fill{side::sell, "AAPL", *quantity::make(1), p,
                         std::nullopt, money{},
                         money::from_micros(176'250'000)});
  r.rejections.push_back(rejection{
    order{side::sell, "GOOG", *quantity::make(5), std::nullopt},
    reject_code::insufficient_holdings, "selling 5 GOOG but holding 0"});
  r.balance = money::units(100'000);
  r.value = money::units(100'000);
  r.positions = {{"AAPL", 2 * tick}};
  return r;
}

double run(const std::string& url, std::size_t batch_size, int records) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  persistence_options options;
  options.database_url = url;
  options.batch_size = batch_size;
  options.capacity = static_cast<std::size_t>(records) + 1;
  auto persistence = sys.spawn<caf::detached>(persistence_fn, options);
  // Stands in for the ledgers: nothing is paused with this capacity.
  auto sink = caf::actor_cast<ledger_actor>(
    sys.spawn([](caf::event_based_actor*,
                 int) -> caf::behavior { return {[](atom::pause, bool) {}}; },
              0));
  caf::scoped_actor self{sys};
  auto now = std::chrono::system_clock::now();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < records; ++i)
    self->send(persistence, atom::write::value,
               sample(i % ledgers, i / ledgers + 1, now), sink);
  std::uint64_t written = 0;
  self->request(persistence, caf::infinite, atom::flush::value)
    .receive([&](std::uint64_t n) { written = n; },
             [](caf::error&) { std::exit(1); });
  auto seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
  self->send_exit(persistence, caf::exit_reason::user_shutdown);
  self->send_exit(sink, caf::exit_reason::user_shutdown);
  if (written != static_cast<std::uint64_t>(records)) {
    std::cerr << "wrote " << written << " of " << records << '\n';
    std::exit(1);
  }
  return records / seconds;
}

} // namespace

int main(int argc, char** argv) {
  int records = argc > 1 ? std::atoi(argv[1]) : 20'000;
  if (records <= 0) {
    std::cerr << "usage: persistence_bench [records-per-run]\n";
    return 2;
  }
  try {
    std::printf("%d tick records per run (2 fills, 1 rejection, 1 value point "
                "each = 5 rows with the tick), %d ledgers\n",
                records, ledgers);
    std::printf("%10s %14s %14s\n", "batch", "records/s", "rows/s");
    for (std::size_t batch : {1, 16, 256, 1024}) {
      // A fresh database per run, so every run starts from the same state.
      test::scratch_database db;
      persistence::store setup{db.url()};
      setup.migrate();
      for (int l = 0; l < ledgers; ++l) {
        ledger_config c;
        c.name = "bench-" + std::to_string(l);
        c.tickers = {"AAPL", "GOOG"};
        c.algo_path = "bench";
        setup.create_ledger(
          new_ledger_record(c, std::chrono::system_clock::now()));
      }
      auto rate = run(db.url(), batch, records);
      std::printf("%10zu %14.0f %14.0f\n", batch, rate, rate * 5);
    }
  } catch (const std::exception& e) {
    std::cerr << "persistence_bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
