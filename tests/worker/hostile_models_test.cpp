// Hostile models beside well-behaved ones: each hostile tick gets its own
// code, and right after it a well-behaved ledger of the same algorithm
// (so of the same model host) and one of another algorithm answer as
// before. Which ones keep their host shows in the well-behaved replies: a
// kept host keeps counting, a fresh one starts again at 1. Models:
// tests/worker/hostile_models. Already covered elsewhere, not repeated:
// raise, sys.exit, os._exit, NaN price, fractional quantity (model_host_
// and request_handler_test), a late reply and a busy host (host_deadline_
// test).

#include "tests/worker/hostile.hpp"

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

/// Points our stderr at `file` while it lives: a host started meanwhile
/// writes its stderr there for good.
struct stderr_into {
  int saved;
  explicit stderr_into(const fs::path& file) : saved(::dup(2)) {
    int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~stderr_into() {
    ::dup2(saved, 2);
    ::close(saved);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_models)

BOOST_AUTO_TEST_CASE(bad_values_are_bad_output_and_cost_no_host) {
  hostile_world w;
  struct expectation {
    const char* ledger;
    std::string outcome;
  };
  const std::string whole = "quantity must be a whole number of shares >= 1";
  const std::string not_a_list = "; expected a list of trades or "
                                 "{\"trades\": [...]}";
  std::vector<expectation> cases = {
    {"nan_quantity", "bad_output: trade 0: " + whole + ", got nan"},
    {"negative_quantity", "bad_output: trade 0: " + whole + ", got -5"},
    {"huge_quantity", "bad_output: trade 0: quantity 9223372036854775808 is "
                      "too large (at most 9223372036854775807)"},
    {"huge_price", "bad_output: trade 0: price 10000000000000 is too large "
                   "(at most 9223372036854.775807)"},
    {"set_quantity", "bad_output: trade 0: " + whole + ", got {1}"},
    {"bytes_ticker",
     "bad_output: trade 0: ticker must be a non-empty string, got b'AAPL'"},
    {"returns_none", "bad_output: trade() returned NoneType" + not_a_list},
    {"returns_generator",
     "bad_output: trade() returned generator" + not_a_list},
    // Text the worker could not read as JSON (a lone surrogate) and a
    // reply over the worker's 1 MiB limit: refused by the host itself,
    // which the worker would otherwise have to kill.
    {"surrogate_ticker",
     "bad_output: trade 0: ticker '\\ud800' is not valid Unicode text"},
    {"raises_surrogate", "model_error: ValueError: half a character: \\ud800"},
    {"huge_ticker", "bad_output: the trades take 2097193 bytes as JSON; a "
                    "reply may take at most 1048576"},
    // Whether a ticker is tracked is the engine's call (unknown_ticker).
    {"unknown_ticker", "ok: buy ZZZZ 1;"},
  };
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto pid = w.host_pid();
  std::int64_t round = 1;
  for (auto& [ledger, expected] : cases) {
    BOOST_TEST(outcome(w.ask(ledger)) == expected, ledger);
    ++round;
    BOOST_TEST(outcome(w.ask("good")) == buys(round), ledger);
    BOOST_TEST(outcome(w.ask("other", "steady")) == buys(round - 1), ledger);
  }
  BOOST_TEST(w.host_pid() == pid);
  BOOST_TEST(w.starts() == 1);
}

BOOST_AUTO_TEST_CASE(megabytes_printed_go_to_stderr_and_the_reply_is_intact) {
  scratch_dir dir;
  auto log = dir.path / "host-stderr";
  hostile_world w;
  {
    stderr_into redirect{log}; // only while the host starts
    BOOST_TEST(outcome(w.ask("good")) == buys(1));
  }
  BOOST_TEST(outcome(w.ask("prints")) == buys(1));
  BOOST_TEST(outcome(w.ask("good")) == buys(2));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  BOOST_TEST(fs::file_size(log) >= std::uintmax_t{8} << 20);
  BOOST_TEST(w.starts() == 1);
}

BOOST_AUTO_TEST_CASE(closing_stdout_or_stderr_costs_only_that_tick) {
  hostile_world w;
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto pid = w.host_pid();
  // fd 1 is not the protocol stream: the host moved that away at start.
  BOOST_TEST(outcome(w.ask("closes_stdout")) == buys(1));
  BOOST_TEST(outcome(w.ask("good")) == buys(2));
  // The host's own report of the exception must not need fd 2.
  BOOST_TEST(outcome(w.ask("closes_stderr")) ==
             "model_error: ValueError: raised after closing fd 2");
  BOOST_TEST(outcome(w.ask("good")) == buys(3));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  BOOST_TEST(w.host_pid() == pid);
}

BOOST_AUTO_TEST_CASE(a_model_taking_all_its_memory_fails_alone) {
  auto options = real_host();
  options.memory_limit = std::uint64_t{256} << 20;
  hostile_world w{options};
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto pid = w.host_pid();
  for (int i = 0; i < 2; ++i)
    BOOST_TEST(outcome(w.ask("hog")) == "model_error: MemoryError");
  // The hog's instance still holds the memory; the others need little.
  BOOST_TEST(outcome(w.ask("good")) == buys(2));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  BOOST_TEST(w.host_pid() == pid);
}

// One host serves one request at a time: while a model hangs, the other
// ledgers of its algorithm on this lane time out without being sent,
// until the hard limit kills the host; other algorithms are untouched.
BOOST_AUTO_TEST_CASE(a_hanging_model_holds_its_host_until_the_hard_limit) {
  auto options = real_host();
  options.hard_limit = 1500ms;
  hostile_world w{options};
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  BOOST_TEST(outcome(w.ask("slow", "hostile", 200ms))
               .rfind("timeout: no "
                      "reply",
                      0) == 0);
  BOOST_TEST(outcome(w.ask("good")) == buys(2)); // waited for slow's reply
  auto hung = outcome(w.ask("sleeps", "hostile", 300ms));
  BOOST_TEST(hung.rfind("timeout: no reply from the model within 300 ms", 0) ==
             0);
  auto waiting = outcome(w.ask("good", "hostile", 300ms));
  BOOST_TEST(contains(waiting, "still working on a late request of ledger "
                               "sleeps"),
             waiting);
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  std::this_thread::sleep_for(1500ms);
  w.pool.service(0ms);
  BOOST_TEST(w.host_pid() == -1);                // killed at the hard limit
  BOOST_TEST(outcome(w.ask("good")) == buys(1)); // a fresh host, a fresh model
  BOOST_TEST(w.starts() == 2);
}

BOOST_AUTO_TEST_SUITE_END()
