// Many ledgers tick for a chosen time while a fault (faults.hpp) is
// injected at random every minute; after each, a sample of ledgers must
// tick ok again, and at the end every ledger's record must hold: ticks
// 1..N (none twice, none missing) and its book equal to its fills.
//
// Set by the environment (deploy/soak.sh sets them from its arguments):
//   LEDGER_SOAK_SECONDS  how long (default 150: two faults, for CI)
//   LEDGER_SOAK_LEDGERS  how many ledgers (default 300; 9 in 10 on
//                        builtin:random every second, the rest on the
//                        Python random_trader every 2 s)
//   LEDGER_SOAK_EVERY    seconds between faults (default 60)
//   LEDGER_SOAK_SEED     which faults, in which order (default: the time)
//   LEDGER_SOAK_FAULTS   only these (comma-separated keys of faults.cpp:
//                        ledgerd, worker, postgres-stop, rabbitmq-kill,
//                        postgres-pause, rabbitmq-pause; default: all)

#include "tests/actors/database_checks.hpp"
#include "tests/soak/faults.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

long setting(const char* name, long fallback) {
  auto text = std::getenv(name);
  return text && *text ? std::stol(text) : fallback;
}

std::vector<std::string> store_ledgers(world& w, long n) {
  std::vector<std::string> names;
  for (long i = 0; i < n; ++i) {
    bool python = i % 10 == 9;
    names.push_back((python ? "py_" : "rand_") + std::to_string(i));
    store_running_ledger(w, names.back(),
                         python ? "random_trader" : "builtin:random",
                         python ? 2s : 1s);
  }
  return names;
}

// How long until every ledger of `sample` has two more ok ticks than it
// had before the fault; nullopt past the limit.
std::optional<std::chrono::seconds>
recovery(world& w, const std::vector<std::string>& sample,
         std::map<std::string, std::size_t>& ok_before) {
  auto begun = std::chrono::steady_clock::now();
  for (auto& name : sample)
    if (!w.wait_for_ticks(name, tick_outcome::ok, ok_before[name] + 2, 120s))
      return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(
    std::chrono::steady_clock::now() - begun);
}

void print(const std::string& line) {
  std::cout << "soak: " << line << std::endl;
}

} // namespace

BOOST_AUTO_TEST_SUITE(soak)

BOOST_AUTO_TEST_CASE(every_ledger_survives_a_fault_every_minute) {
  auto duration = std::chrono::seconds{setting("LEDGER_SOAK_SECONDS", 150)};
  auto every = std::chrono::seconds{setting("LEDGER_SOAK_EVERY", 60)};
  auto seed = static_cast<unsigned>(
    setting("LEDGER_SOAK_SEED", static_cast<long>(std::time(nullptr))));
  world w;
  auto names = store_ledgers(w, setting("LEDGER_SOAK_LEDGERS", 300));
  print(std::to_string(names.size()) + " ledgers for " +
        std::to_string(duration.count()) + " s, a fault every " +
        std::to_string(every.count()) + " s, seed " + std::to_string(seed));

  soak_system s{w};
  s.engine_args = {"--api-keys", "soak-key-9d2e"};
  for (int i = 0; i < 2; ++i) {
    s.workers.push_back(&w.start(LEDGER_WORKER_BINARY, {}));
    BOOST_REQUIRE(s.workers.back()->wait_for_output("serving", 30s));
  }
  w.start(LEDGER_FEED_BINARY, {"random", "--tickers", "AAPL,MSFT", "--seed",
                               std::to_string(seed), "--pace", "100ms"});
  s.engine = &start_engine(w, s.engine_args);
  // A sample followed through every fault: builtin and Python ledgers.
  std::vector<std::string> sample;
  for (std::size_t i = 0; i < names.size(); i += names.size() / 10 + 1)
    sample.push_back(names[i]);
  sample.push_back(names.back());
  for (auto& name : sample)
    BOOST_REQUIRE(w.wait_for_ticks(name, tick_outcome::ok, 2, 120s));

  auto keys = std::getenv("LEDGER_SOAK_FAULTS");
  auto faults = chosen_faults(keys ? keys : "");
  std::mt19937 pick{seed};
  std::map<std::string, int> injected;
  auto begun = std::chrono::steady_clock::now();
  for (auto next = begun + every; next < begun + duration; next += every) {
    std::this_thread::sleep_until(next);
    auto& f = faults[pick() % faults.size()];
    std::map<std::string, std::size_t> ok_before;
    for (auto& name : sample)
      ok_before[name] = w.count(name, tick_outcome::ok);
    auto at = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - begun);
    f.inject(s);
    ++injected[f.name];
    auto took = recovery(w, sample, ok_before);
    BOOST_TEST(took.has_value(), f.name << ": the sample did not recover");
    print("at " + std::to_string(at.count()) + " s: " + f.name +
          (took ? "; ticking again " + std::to_string(took->count()) +
                    " s after it was undone"
                : "; NOT recovered within 120 s per ledger"));
  }
  std::this_thread::sleep_until(begun + duration);

  s.engine->signal(SIGTERM);
  BOOST_TEST(s.engine->wait(15s) == 0, s.engine->output());
  std::map<tick_outcome, std::size_t> outcomes;
  for (auto& name : names) {
    BOOST_TEST_CONTEXT(name) {
      check_invariant_in_database(w.store, name);
    }
    for (auto& t : w.store.ticks(name))
      ++outcomes[t.outcome];
  }
  std::string faults_line, outcomes_line;
  for (auto& [name, n] : injected)
    faults_line += " " + name + " x" + std::to_string(n) + ";";
  for (auto& [outcome, n] : outcomes)
    outcomes_line +=
      " " + std::string{to_string(outcome)} + " " + std::to_string(n) + ";";
  print("faults:" + faults_line);
  print("ticks recorded:" + outcomes_line);
  print("every ledger checked: ticks 1..N and book equal to its fills");
}

BOOST_AUTO_TEST_SUITE_END()
