// Deadlines and overload in model_host: a late model keeps its host, a busy
// host answers timeout without being sent more work, only the hard limit
// kills, and the guards against repeated failures are per host and per
// ledger. Uses fake_host.py (FAKE_SLOW_LEDGER, FAKE_EXIT_LEDGER) and the
// SDK's sleeps_forever model.

#include "tests/worker/fixtures.hpp"
#include "worker/model_host.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

/// The fake host answering "raw", with `ledger` taking `seconds` per tick.
host_options slow_for(const std::string& ledger, const std::string& seconds) {
  auto options = fake("raw");
  options.environment.emplace_back("FAKE_SLOW_LEDGER", ledger);
  options.environment.emplace_back("FAKE_SLOW_SECONDS", seconds);
  return options;
}

/// The ledger a raw reply answered (the request line it echoes).
std::string answered_ledger(const host_reply& reply) {
  std::string raw = reply.doc.root()["raw"].GetString();
  rapidjson::Document request;
  request.Parse(raw.c_str());
  return request["ledger"].GetString();
}

long long seen_of(const host_reply& reply) {
  return std::stoll(reply.doc.root()["seen"].GetString());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(model_host_deadlines)

// The model misses the deadline: timeout at once, the host keeps running,
// and its late reply is dropped, never taken for the next request's.
BOOST_AUTO_TEST_CASE(a_late_reply_does_not_kill_the_host) {
  model_host host{test_models() / "counter", slow_for("slow", "2")};
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  auto pid = host.pid();
  auto begun = std::chrono::steady_clock::now();
  auto e = error_of(host.call("slow", tick("slow"), 100ms));
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 1500ms));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(contains(e.message, "within 100 ms"), e.message);
  BOOST_TEST(host.pid() == pid);
  BOOST_TEST(host.busy());
  // The next call waits for the late reply within its own budget, drops
  // it, and gets its own.
  auto reply = reply_of(host.call("fast", tick("fast"), 5s));
  BOOST_TEST(answered_ledger(reply) == "fast");
  BOOST_TEST(seen_of(reply) == 2);
  BOOST_TEST(host.pid() == pid);
  BOOST_TEST(host.starts() == 1);
  BOOST_TEST(!host.busy());
}

// While the host works on a late request, a request whose budget ends
// first is answered timeout without being sent: the host never sees it.
BOOST_AUTO_TEST_CASE(a_busy_host_is_not_sent_what_it_cannot_answer_in_time) {
  model_host host{test_models() / "counter", slow_for("slow", "2")};
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  BOOST_TEST(to_string(error_of(host.call("slow", tick("slow"), 50ms)).code) ==
             "timeout");
  auto begun = std::chrono::steady_clock::now();
  auto e = error_of(host.call("other", tick("other"), 100ms));
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 1500ms));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(contains(e.message, "still working on a late request of ledger "
                                 "slow"),
             e.message);
  BOOST_TEST(contains(e.message, "not sent"), e.message);
  auto reply = reply_of(host.call("other", tick("other"), 5s));
  BOOST_TEST(seen_of(reply) == 2); // "slow", then this one: not the skipped
  BOOST_TEST(host.starts() == 1);
}

// service() drops a late reply that has come, without waiting.
BOOST_AUTO_TEST_CASE(service_drops_a_late_reply_that_has_come) {
  model_host host{test_models() / "counter", slow_for("slow", "1")};
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  error_of(host.call("slow", tick("slow"), 50ms));
  BOOST_TEST(host.busy());
  auto begun = std::chrono::steady_clock::now();
  host.service();
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 100ms));
  BOOST_TEST(host.busy()); // not yet: it did not wait
  while (host.busy() && std::chrono::steady_clock::now() - begun < 10s) {
    std::this_thread::sleep_for(50ms);
    host.service();
  }
  BOOST_TEST(!host.busy());
  BOOST_TEST(host.starts() == 1);
}

// Past the hard limit the host is killed (by service() or the next call)
// and replaced on demand.
BOOST_AUTO_TEST_CASE(only_the_hard_limit_kills_a_host) {
  auto options = real_host();
  options.hard_limit = 600ms;
  model_host host{test_models() / "sleeps_forever", options};
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  auto pid = host.pid();
  BOOST_TEST(to_string(error_of(host.call("a", tick("a"), 100ms)).code) ==
             "timeout");
  host.service();
  BOOST_TEST(host.pid() == pid); // late, not yet past the limit
  std::this_thread::sleep_for(700ms);
  host.service();
  BOOST_TEST(host.pid() == -1);
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  BOOST_TEST(host.starts() == 2);

  // A budget longer than the hard limit: the limit ends the call.
  auto begun = std::chrono::steady_clock::now();
  auto e = error_of(host.call("a", tick("a"), 5s));
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 2s));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(contains(e.message, "hard limit of 600 ms; its host was killed"),
             e.message);
  BOOST_TEST(host.pid() == -1);
}

// The worker stopping ends a wait at once.
BOOST_AUTO_TEST_CASE(cancel_ends_a_wait_at_once) {
  std::atomic<bool> cancel{false};
  auto options = real_host();
  options.cancel = &cancel;
  model_host host{test_models() / "sleeps_forever", options};
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  std::thread stopper{[&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  }};
  auto begun = std::chrono::steady_clock::now();
  auto e = error_of(host.call("a", tick("a"), 20s));
  stopper.join();
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 2s));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(e.message == "the worker is stopping");
}

// A ledger whose model keeps ending its host fails fast on its own; the
// other ledgers keep the host.
BOOST_AUTO_TEST_CASE(a_ledger_that_keeps_crashing_its_host_fails_alone) {
  auto options = fake("raw");
  options.environment.emplace_back("FAKE_EXIT_LEDGER", "bad");
  options.max_ledger_failures = 2;
  model_host host{test_models() / "counter", options};
  for (int i = 0; i < 2; ++i) {
    auto e = error_of(host.call("bad", tick("bad"), 5s));
    BOOST_TEST(e.message == "the model host exited with status 9 before "
                            "replying");
  }
  auto starts = host.starts();
  auto e = error_of(host.call("bad", tick("bad"), 5s));
  BOOST_TEST(to_string(e.code) == "model_error");
  BOOST_TEST(contains(e.message, "this ledger's model ended its model host 2 "
                                 "times in the last 60 s"),
             e.message);
  BOOST_TEST(host.starts() == starts); // refused without a start
  auto reply = reply_of(host.call("good", tick("good"), 5s));
  BOOST_TEST(answered_ledger(reply) == "good");
  BOOST_TEST(reply_of(host.call("good", tick("good"), 5s)).ok);
  BOOST_TEST(host.starts() == starts + 1);
}

// The restart guard is per host: an algorithm's host on one lane that
// keeps crashing fails fast there, while the same algorithm's host on
// another lane serves on.
BOOST_AUTO_TEST_CASE(the_restart_guard_stops_one_host_only) {
  auto options = fake("raw");
  options.environment.emplace_back("FAKE_EXIT_LEDGER", "bad");
  options.max_ledger_failures = 0; // only the host guard
  options.max_starts = 2;
  model_host lane0{test_models() / "counter", options};
  model_host lane1{test_models() / "counter", options};
  for (int i = 0; i < 2; ++i)
    BOOST_TEST(to_string(error_of(lane0.call("bad", tick("bad"), 5s)).code) ==
               "model_error");
  auto e = error_of(lane0.call("good", tick("good"), 5s));
  BOOST_TEST(contains(e.message, "keeps crashing: started 2 times"), e.message);
  BOOST_TEST(answered_ledger(reply_of(lane1.call("good", tick("good"), 5s))) ==
             "good");
  BOOST_TEST(lane1.starts() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
