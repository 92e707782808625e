// SIGTERM stops ledger-worker within 10 s whatever it is doing: lanes stop
// consuming, a model stuck in a request is killed, and the worker says
// what it did.

#include "tests/lanes/lanes_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Marks that it is inside trade(), then never returns.
constexpr const char* never_returns = R"(
import os
import time

class Model:
    def update_book_status(self, book_status):
        self.ledger = book_status["ledger"]

    def trade(self):
        open(os.path.join(os.environ["LEDGER_MODEL_STUCK_MARKS"], self.ledger), "w").close()
        while True:
            time.sleep(3600)
)";

} // namespace

BOOST_AUTO_TEST_SUITE(stopping)

BOOST_AUTO_TEST_CASE(sigterm_stops_a_worker_stuck_in_a_model_within_bounds) {
  lanes_world w;
  w.add_model("stuck", never_returns);
  auto marks = w.root / "marks";
  std::filesystem::create_directories(marks);
  auto& worker =
    w.start_worker(2, {}, {{"LEDGER_MODEL_STUCK_MARKS", marks.string()}});
  // Deadlines far away: each lane would wait for its model up to the
  // hard limit (30 s) if nothing cut it short.
  for (int i = 0; i < 8; ++i)
    w.request("stuck-" + std::to_string(i), 1, "stuck",
              std::chrono::system_clock::now() + 60s);
  auto until = std::chrono::steady_clock::now() + 20s;
  while (std::filesystem::is_empty(marks) &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  BOOST_REQUIRE(!std::filesystem::is_empty(marks)); // a model is stuck now
  auto begun = std::chrono::steady_clock::now();
  worker.signal(SIGTERM);
  auto status = worker.wait(15s);
  auto took = std::chrono::steady_clock::now() - begun;
  auto out = worker.output();
  BOOST_TEST_MESSAGE(out);
  BOOST_TEST(status == 0);
  BOOST_TEST((took < 10s));
  BOOST_TEST(out.find("got SIGTERM: stopping 2 lane(s)") != std::string::npos);
  BOOST_TEST(out.find("cutting the waits for models short") !=
             std::string::npos);
  BOOST_TEST(occurrences(out, ": stopped consuming;") == 2u);
  BOOST_TEST(out.find(", 1 killed") != std::string::npos);
  BOOST_TEST(out.find("stopped in ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_an_idle_worker_at_once) {
  lanes_world w;
  auto& worker = w.start_worker(3);
  w.request("quick", 1, "builtin:null", std::chrono::system_clock::now() + 10s);
  BOOST_TEST(w.replies(10s, 1).size() == 1u);
  auto begun = std::chrono::steady_clock::now();
  worker.signal(SIGTERM);
  BOOST_TEST(worker.wait(15s) == 0);
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 10s));
  auto out = worker.output();
  BOOST_TEST(occurrences(out, ": stopped consuming;") == 3u, out);
  BOOST_TEST(out.find("answered 1 request(s), 0 of them timeout") !=
               std::string::npos,
             out);
}

BOOST_AUTO_TEST_SUITE_END()
