// How fast facts get committed: tick records pushed through the persistence
// actor (detached, as in ledgerd) into a scratch database on the local
// Postgres, for several batch sizes and two record shapes. Needs the local
// servers: `deploy/services.sh up && eval "$(deploy/services.sh env)"`.
//
// Usage: persistence_bench [records-per-run (default 20000)] [runs (3)]
//                          [batch (only this size, busy ticks; to profile)]
//
// Prints one figure a line, `name value unit`, each the median of `runs`
// runs on a fresh database:
//   facts_per_s            rows/s at the default batch size (ledgerd's 1024),
//                          busy ticks of 5 rows: tick, 2 fills, 1 rejection,
//                          1 value point
//   records_per_s          the same in tick records
//   batch_<n>_facts_per_s  busy ticks at batch size n (1, 16, 256, 1024)
//   null_tick_facts_per_s  null ticks (tick + value point, no fills; what
//   null_tick_records_per_s  most ticks of a quiet algorithm are), batch 1024
// Batch sizes below 64 run a tenth of the records: a run of one
// transaction per record is slow and its rate is steady early.

#include "actors/persistence.hpp"
#include "core/ledger_record.hpp"
#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace ledger;

namespace {

constexpr int ledgers = 20;
const std::size_t default_batch = persistence_options{}.batch_size;

enum class shape { busy, null_tick };

int rows_of(shape s) {
  return s == shape::busy ? 5 : 2;
}

tick_record sample(shape s, int ledger, std::int64_t tick, timestamp now) {
  tick_record r;
  r.ledger = "bench-" + std::to_string(ledger);
  r.tick = tick;
  r.time = now + std::chrono::seconds{tick};
  r.latency = std::chrono::microseconds{250};
  r.balance = money::units(100'000);
  r.value = money::units(100'000);
  if (s == shape::null_tick)
    return r;
  auto p = *price::parse("176.25");
  r.fills.push_back(fill{side::buy, "AAPL", *quantity::make(3), p, std::nullopt,
                         money{}, money::from_micros(-528'750'000)});
  r.fills.push_back(fill{side::sell, "AAPL", *quantity::make(1), p,
                         std::nullopt, money{},
                         money::from_micros(176'250'000)});
  r.rejections.push_back(rejection{
    order{side::sell, "GOOG", *quantity::make(5), std::nullopt},
    reject_code::insufficient_holdings, "selling 5 GOOG but holding 0"});
  r.positions = {{"AAPL", 2 * tick}};
  return r;
}

// Records per second through the actor into `url`, until all committed.
double run(const std::string& url, shape s, std::size_t batch_size,
           int records) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  persistence_options options;
  options.database_url = url;
  options.batch_size = batch_size;
  options.capacity = static_cast<std::size_t>(records) + 1;
  auto persistence = sys.spawn<caf::detached>(persistence_fn, options);
  caf::scoped_actor self{sys};
  auto now = std::chrono::system_clock::now();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < records; ++i)
    self->send(persistence, atom::write::value,
               sample(s, i % ledgers, i / ledgers + 1, now));
  std::uint64_t written = 0;
  self->request(persistence, caf::infinite, atom::flush::value)
    .receive([&](std::uint64_t n) { written = n; },
             [](caf::error&) { std::exit(1); });
  auto seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
  self->send_exit(persistence, caf::exit_reason::user_shutdown);
  if (written != static_cast<std::uint64_t>(records)) {
    std::cerr << "wrote " << written << " of " << records << '\n';
    std::exit(1);
  }
  return records / seconds;
}

// One run on a fresh database, so every run starts from the same state.
double fresh_run(shape s, std::size_t batch_size, int records) {
  test::scratch_database db;
  persistence::store setup{db.url()};
  setup.migrate();
  for (int l = 0; l < ledgers; ++l) {
    ledger_config c;
    c.name = "bench-" + std::to_string(l);
    c.tickers = {"AAPL", "GOOG"};
    c.algo_path = "bench";
    setup.create_ledger(new_ledger_record(c, std::chrono::system_clock::now()));
  }
  return run(db.url(), s, batch_size, records);
}

double median_of(int runs, shape s, std::size_t batch_size, int records) {
  std::vector<double> rates;
  for (int i = 0; i < runs; ++i)
    rates.push_back(fresh_run(s, batch_size, records));
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

void print(const std::string& name, double value, const char* unit) {
  std::printf("%s %.0f %s\n", name.c_str(), value, unit);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  int records = argc > 1 ? std::atoi(argv[1]) : 20'000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  int only = argc > 3 ? std::atoi(argv[3]) : 0;
  if (records < 10 || runs <= 0 || only < 0 || argc > 4) {
    std::cerr << "usage: persistence_bench [records-per-run] [runs] [batch]\n";
    return 2;
  }
  try {
    std::printf("# %d tick records per run over %d ledgers, median of %d "
                "runs; busy tick = 5 rows, null tick = 2 rows\n",
                records, ledgers, runs);
    if (only > 0) {
      auto batch = static_cast<std::size_t>(only);
      double rate = median_of(runs, shape::busy, batch, records);
      print("batch_" + std::to_string(batch) + "_facts_per_s",
            rate * rows_of(shape::busy), "rows/s");
      return 0;
    }
    for (std::size_t batch : {1, 16, 256, 1024}) {
      int n = batch < 64 ? records / 10 : records;
      double rate = median_of(runs, shape::busy, batch, n);
      auto rows = rate * rows_of(shape::busy);
      if (batch == default_batch) {
        print("facts_per_s", rows, "rows/s");
        print("records_per_s", rate, "records/s");
      }
      print("batch_" + std::to_string(batch) + "_facts_per_s", rows, "rows/s");
    }
    double rate = median_of(runs, shape::null_tick, default_batch, records);
    print("null_tick_facts_per_s", rate * rows_of(shape::null_tick), "rows/s");
    print("null_tick_records_per_s", rate, "records/s");
  } catch (const std::exception& e) {
    std::cerr << "persistence_bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
