// A database outage while ledgers tick: the local Postgres is stopped and
// started again (deploy/services.sh postgres-stop|postgres-start). Nothing
// the ledgers produced may be lost, and they must pause rather than let the
// queue grow without bound. Runs serially: it takes the server away from
// every other test.

#include "actors/persistence.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/actors/engine_fixture.hpp"
#include "tests/actors/scripted_algorithm.hpp"
#include "tests/support/program.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

const std::string services_script =
  std::string{LEDGER_SOURCE_DIR} + "/deploy/services.sh";

// deploy/services.sh `command`: its exit status, its output on failure.
void services(const std::string& command) {
  program p{services_script, {command}};
  auto status = p.wait(std::chrono::minutes{2});
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh " << command << " exited "
                                                    << status << ": "
                                                    << p.output());
}

// Starts Postgres again even when an assertion ends the test early.
struct postgres_guard {
  bool stopped = false;
  void stop() {
    services("postgres-stop");
    stopped = true;
  }
  void start() {
    services("postgres-start");
    stopped = false;
  }
  ~postgres_guard() {
    if (!stopped)
      return;
    try { // no assertion here: it may run while a failure unwinds
      program p{services_script, {"postgres-start"}};
      p.wait(std::chrono::minutes{2});
    } catch (const std::exception&) {
    }
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(outage)

BOOST_AUTO_TEST_CASE(a_database_outage_loses_nothing) {
  engine_fixture f;
  persistence_options options;
  options.capacity = 40;
  options.min_backoff = 100ms;
  options.max_backoff = 1s;
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()), options);
  f.quote("AAPL", "176");
  f.quote("GOOG", "112.5");
  std::vector<std::string> names{"north", "south", "east"};
  for (auto& name : names) {
    auto c = test_config(name);
    c.initial_balance = money::units(1'000'000);
    f.ask<ledger_view>(f.registry, atom::create::value, c, true);
  }
  f.advance(10s);
  f.flush();
  auto before = f.reader.ticks("north").size();
  BOOST_TEST(before >= 10u);

  postgres_guard pg;
  pg.stop();
  f.advance(60s, 100ms);
  auto health = f.ask<persistence_health>(f.persistence, atom::health::value);
  BOOST_TEST(!health.connected);
  BOOST_TEST(health.failures > 0u);
  // The queue filled and every ledger was told to pause: it holds about
  // `capacity` facts (plus one in flight per ledger), not 60 s worth.
  BOOST_TEST(health.queued >= options.capacity);
  BOOST_TEST(health.queued <= options.capacity + names.size() * 2);
  for (auto& name : names) {
    auto view = f.ask<ledger_view>(f.registry, atom::get::value, name);
    BOOST_TEST(view.backlogged, name << " was not paused");
  }
  BOOST_TEST(health.last_error.find(f.db.url()) == std::string::npos);

  pg.start();
  f.advance(20s, 100ms);
  f.flush();
  health = f.ask<persistence_health>(f.persistence, atom::health::value);
  BOOST_TEST(health.connected);
  BOOST_TEST(health.queued == 0u);
  for (auto& name : names) {
    BOOST_TEST_CONTEXT(name) {
      // Everything the ledger numbered is in the database, without a gap.
      auto view = f.ask<ledger_view>(f.registry, atom::get::value, name);
      BOOST_TEST(!view.backlogged);
      auto stored = f.reader.find_ledger(name);
      BOOST_TEST(stored->last_tick == view.record.last_tick);
      BOOST_TEST(stored->balance == view.record.balance);
      check_invariant_in_database(f.reader, name);
      // It kept ticking after the outage.
      BOOST_TEST(view.record.last_tick >
                 static_cast<std::int64_t>(before + options.capacity / 3));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
