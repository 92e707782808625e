// A ledger that ends for good (deleted, or finished) gives back what it
// holds outside the engine: its quote bindings (untrack) and the model
// instance a worker keeps for it (release), exactly once. A stop, or the
// engine stopping, keeps both: the ledger may tick again.

#include "tests/actors/engine_fixture.hpp"
#include "tests/actors/scripted_algorithm.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// What the ledgers told the sink. The deterministic scheduler runs every
// actor on the test's thread: no lock needed.
class recording_sink : public event_sink {
public:
  std::map<std::string, int> trackers; ///< by ticker
  std::vector<std::string> released;

  void track(const std::vector<std::string>& tickers) override {
    for (auto& t : tickers)
      ++trackers[t];
  }
  void untrack(const std::vector<std::string>& tickers) override {
    for (auto& t : tickers)
      --trackers[t];
  }
  void release(const std::string& ledger) override {
    released.push_back(ledger);
  }
  void tick(const tick_record&) override {}
  void status(const std::string&, ledger_status, timestamp) override {}
};

struct ending_fixture : engine_fixture {
  std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();

  ending_fixture() {
    events = sink;
    boot(scripted_algorithm(std::make_shared<scripted_memory>()));
    quote("AAPL", "10");
  }

  void create(const std::string& name, std::chrono::milliseconds lifespan) {
    auto c = test_config(name); // tickers AAPL and GOOG
    c.lifespan = lifespan;
    ask<ledger_view>(registry, atom::create::value, c, true);
  }
};

using names = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(ledger_end, ending_fixture)

BOOST_AUTO_TEST_CASE(
  a_deleted_ledger_untracks_its_tickers_and_releases_its_model) {
  create("gone", 24h);
  create("stays", 24h);
  BOOST_TEST(sink->trackers["AAPL"] == 2);
  advance(3s);
  BOOST_TEST(ask<bool>(registry, atom::remove::value, std::string{"gone"}));
  run();
  BOOST_TEST(sink->trackers["AAPL"] == 1);
  BOOST_TEST(sink->trackers["GOOG"] == 1);
  BOOST_TEST(sink->released == names{"gone"});
}

BOOST_AUTO_TEST_CASE(a_stopped_ledger_keeps_both) {
  create("paused", 24h);
  ask<ledger_view>(registry, atom::stop::value, std::string{"paused"});
  run();
  BOOST_TEST(sink->trackers["AAPL"] == 1);
  BOOST_TEST(sink->released.empty());
}

BOOST_AUTO_TEST_CASE(a_finished_ledger_releases_once_even_when_deleted_later) {
  create("brief", 5s);
  advance(12s);
  BOOST_TEST(sink->trackers["AAPL"] == 0);
  BOOST_TEST(sink->released == names{"brief"});
  BOOST_TEST(ask<bool>(registry, atom::remove::value, std::string{"brief"}));
  run();
  BOOST_TEST(sink->trackers["AAPL"] == 0);
  BOOST_TEST(sink->released == names{"brief"});
}

BOOST_AUTO_TEST_CASE(
  the_engine_stopping_releases_nothing_and_a_restart_tracks_only_live_ledgers) {
  create("brief", 5s);
  create("long", 24h);
  advance(12s);
  BOOST_TEST(ask<std::size_t>(registry, atom::stop::value) == 2u);
  BOOST_TEST(sink->released == names{"brief"}); // from finishing, not stopping
  flush();
  crash();
  sink->trackers.clear();
  boot(scripted_algorithm(std::make_shared<scripted_memory>()));
  // Only "long" tracks again: "brief" will never tick.
  BOOST_TEST(sink->trackers["AAPL"] == 1);
  BOOST_TEST(sink->released == names{"brief"});
}

BOOST_AUTO_TEST_SUITE_END()
