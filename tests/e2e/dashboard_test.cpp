// The dashboard in a real browser: headless Chromium, driven by
// tests/e2e/dashboard.mjs (playwright-core from web/node_modules), against
// ledgerd, a worker and a feed with two ledgers ticking. The script checks
// that each page loads without a console error, lists the ledgers, that a
// ledger's curve gains points live and that the compare page draws two
// curves; its screenshots are left in the build folder (docs/dashboard.md).

#include "tests/e2e/e2e_world.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(dashboard)

BOOST_AUTO_TEST_CASE(pages_load_list_ledgers_follow_ticks_and_compare) {
  world w;
  store_running_ledger(w, "dash_random", "random_trader", 300ms);
  store_running_ledger(w, "dash_hold", "buy_and_hold", 300ms);
  auto& worker = w.start(LEDGER_WORKER_BINARY, {});
  BOOST_REQUIRE(worker.wait_for_output("serving", 30s));
  w.start(LEDGER_FEED_BINARY,
          {"replay", "--csv", w.csv.string(), "--pace", "100ms", "--loop"});
  start_engine(w);
  BOOST_REQUIRE(w.wait_for_ticks("dash_random", tick_outcome::ok, 5));
  BOOST_REQUIRE(w.wait_for_ticks("dash_hold", tick_outcome::ok, 5));

  auto out = std::filesystem::path{DASHBOARD_OUTPUT_DIR};
  std::filesystem::create_directories(out);
  program browser{"node",
                  {DASHBOARD_SCRIPT,
                   "http://127.0.0.1:" + std::to_string(w.http_port),
                   out.string(), "dash_random", "dash_hold"}};
  auto status = browser.wait(120s);
  BOOST_TEST(status == 0, browser.output());
  BOOST_TEST_MESSAGE(browser.output());
  for (auto shot :
       {"dashboard-list.png", "dashboard-ledger.png", "dashboard-compare.png"})
    BOOST_TEST(std::filesystem::exists(out / shot), shot);
}

BOOST_AUTO_TEST_SUITE_END()
