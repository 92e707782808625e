#include "tests/worker/fixtures.hpp"
#include "worker/model_host.hpp"

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

std::string text_of(const rapidjson::Value& v) {
  return v.IsString() ? v.GetString() : "";
}

/// The reply's trades as "buy AAPL 3;..." for compact checks.
std::string trades_of(const host_reply& reply) {
  std::string out;
  for (auto& t : reply.doc.root()["trades"].GetArray())
    out += text_of(t["type"]) + " " + text_of(t["ticker"]) + " " +
           text_of(t["quantity"]) + ";";
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(model_host_supervision)

BOOST_AUTO_TEST_CASE(a_host_starts_on_demand_and_keeps_one_model_per_ledger) {
  model_host host{test_models() / "counter", real_host()};
  BOOST_TEST(host.pid() == -1);
  auto first = reply_of(host.call("a", tick("a"), 5s));
  auto pid = host.pid();
  BOOST_TEST(pid > 0);
  BOOST_TEST(first.ok);
  BOOST_TEST(trades_of(first) == "buy AAPL 1;");
  BOOST_TEST(trades_of(reply_of(host.call("a", tick("a"), 5s))) ==
             "buy AAPL 2;");
  BOOST_TEST(trades_of(reply_of(host.call("b", tick("b"), 5s))) ==
             "buy AAPL 1;");
  BOOST_TEST(!host.drop("a", 5s).has_value());
  BOOST_TEST(trades_of(reply_of(host.call("a", tick("a"), 5s))) ==
             "buy AAPL 1;");
  BOOST_TEST(trades_of(reply_of(host.call("b", tick("b"), 5s))) ==
             "buy AAPL 2;");
  BOOST_TEST(host.pid() == pid);
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(a_raising_model_keeps_its_host) {
  model_host host{test_models() / "raises", real_host()};
  auto reply = reply_of(host.call("a", tick("a"), 5s));
  BOOST_TEST(!reply.ok);
  BOOST_TEST(text_of(reply.doc.root()["error"]) == "model_error");
  BOOST_TEST(text_of(reply.doc.root()["message"]) ==
             "ValueError: model exploded");
  auto pid = host.pid();
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  BOOST_TEST(host.pid() == pid);
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(
  a_model_ending_the_process_is_model_error_then_a_fresh_host) {
  model_host host{test_models() / "exits", real_host()};
  auto e = error_of(host.call("a", tick("a"), 5s));
  BOOST_TEST(to_string(e.code) == "model_error");
  BOOST_TEST(e.message ==
             "the model host exited with status 7 before replying");
  BOOST_TEST(host.pid() == -1);
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  BOOST_TEST(host.starts() == 2);
}

BOOST_AUTO_TEST_CASE(sys_exit_is_a_model_error_the_host_survives) {
  model_host host{test_models() / "sys_exit", real_host()};
  auto reply = reply_of(host.call("a", tick("a"), 5s));
  BOOST_TEST(text_of(reply.doc.root()["error"]) == "model_error");
  BOOST_TEST(text_of(reply.doc.root()["message"]) == "SystemExit: 4");
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(a_model_exceeding_the_memory_cap_fails_alone) {
  auto options = real_host();
  options.memory_limit = std::uint64_t{512} << 20;
  options.environment.emplace_back("LEDGER_TEST_MEMORY_MB", "1024");
  model_host host{test_models() / "huge_memory", options};
  auto reply = reply_of(host.call("a", tick("a"), 10s));
  BOOST_TEST(!reply.ok);
  BOOST_TEST(text_of(reply.doc.root()["error"]) == "model_error");
  BOOST_TEST(contains(text_of(reply.doc.root()["message"]), "MemoryError"));
  BOOST_TEST(reply_of(host.ping(5s)).ok);
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(prints_never_reach_the_reply_stream) {
  model_host host{test_models() / "prints", real_host()};
  for (int i = 0; i < 2; ++i) {
    auto reply = reply_of(host.call("a", tick("a"), 5s));
    BOOST_TEST(reply.ok);
    BOOST_TEST(trades_of(reply) == "buy AAPL 1;");
  }
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(a_load_failure_is_a_model_error_with_its_message) {
  model_host host{test_models() / "fails_to_load", real_host()};
  auto e = error_of(host.call("a", tick("a"), 5s));
  BOOST_TEST(to_string(e.code) == "model_error");
  BOOST_TEST(contains(e.message, "this algorithm is broken at import"),
             e.message);
  BOOST_TEST(host.pid() == -1);
}

BOOST_AUTO_TEST_CASE(a_crash_loop_fails_fast) {
  auto options = real_host();
  options.command = {"sh", "-c", "exit 5", "sh"};
  options.max_starts = 3;
  model_host host{test_models() / "counter", options};
  for (int i = 0; i < 3; ++i) {
    auto e = error_of(host.call("a", tick("a"), 5s));
    BOOST_TEST(e.message == "the model host exited with status 5 while "
                            "starting");
  }
  auto e = error_of(host.call("a", tick("a"), 5s));
  BOOST_TEST(to_string(e.code) == "model_error");
  BOOST_TEST(contains(e.message, "keeps crashing: started 3 times in the "
                                 "last 60 s"),
             e.message);
  BOOST_TEST(host.starts() == 3); // failed fast: no fourth start
}

BOOST_AUTO_TEST_CASE(a_program_that_cannot_start_is_a_model_error) {
  auto options = real_host();
  options.command = {"no-such-python-for-worker-tests"};
  model_host missing{test_models() / "counter", options};
  auto e = error_of(missing.ping(1s));
  BOOST_TEST(to_string(e.code) == "model_error");
  BOOST_TEST(contains(e.message, "not found in PATH"), e.message);
  options.command = {"/nonexistent/python3"};
  model_host broken{test_models() / "counter", options};
  e = error_of(broken.ping(1s));
  BOOST_TEST(contains(e.message, "No such file or directory"), e.message);
}

BOOST_AUTO_TEST_CASE(
  oversized_unparsable_or_mismatched_replies_are_bad_output) {
  for (auto mode : {"huge", "not_json", "wrong_id"}) {
    model_host host{test_models() / "counter", fake(mode)};
    auto e = error_of(host.call("a", tick("a"), 5s));
    BOOST_TEST(to_string(e.code) == "bad_output", mode);
    BOOST_TEST(host.pid() == -1, mode);
    BOOST_TEST(reply_of(host.ping(5s)).ok, mode);
    BOOST_TEST(host.starts() == 2, mode);
  }
}

BOOST_AUTO_TEST_CASE(a_slow_start_uses_the_budget_but_keeps_the_host) {
  model_host host{test_models() / "counter", fake("slow_start")};
  auto e = error_of(host.call("a", tick("a"), 100ms));
  BOOST_TEST(to_string(e.code) == "timeout");
  BOOST_TEST(contains(e.message, "still starting"), e.message);
  auto pid = host.pid();
  BOOST_TEST(pid > 0);
  BOOST_TEST(reply_of(host.call("a", tick("a"), 5s)).ok);
  BOOST_TEST(host.pid() == pid);
  BOOST_TEST(host.starts() == 1);
}

BOOST_AUTO_TEST_CASE(the_host_inherits_no_descriptors_and_gets_its_limits) {
  scratch_dir dir;
  auto leak = dir.path / "not-for-the-model";
  // Opened without O_CLOEXEC, as a careless library in the worker might.
  int fd = ::open(leak.c_str(), O_CREAT | O_WRONLY, 0600);
  BOOST_REQUIRE(fd >= 0);
  auto options = fake("introspect");
  options.memory_limit = std::uint64_t{768} << 20;
  model_host host{test_models() / "counter", options};
  auto reply = reply_of(host.call("a", tick("a"), 5s));
  ::close(fd);
  std::string fds;
  for (auto& target : reply.doc.root()["fds"].GetArray())
    fds += text_of(target) + "\n";
  BOOST_TEST(!contains(fds, leak.string()), fds);
  BOOST_TEST(reply.doc.root()["fds"].Size() <= 4u,
             fds); // 0, 1, 2 (+ python's own)
  BOOST_TEST(text_of(reply.doc.root()["rlimit_as"]) ==
             std::to_string(std::uint64_t{768} << 20));
  // The defaults: an hour of CPU (SIGXCPU, then SIGKILL a second later),
  // 1024 descriptors, no core files.
  auto pair = [&](const char* name) {
    auto& v = reply.doc.root()[name];
    return text_of(v[0]) + " " + text_of(v[1]);
  };
  BOOST_TEST(pair("rlimit_cpu") == "3600 3601");
  BOOST_TEST(pair("rlimit_nofile") == "1024 1024");
  BOOST_TEST(pair("rlimit_core") == "0 0");
  BOOST_TEST(reply.doc.root()["own_group"].GetBool());
  BOOST_TEST(text_of(reply.doc.root()["pythonpath"])
               .rfind((source_dir() / "sdk" / "python").string(), 0) == 0);
}

BOOST_AUTO_TEST_CASE(the_destructor_leaves_no_process_behind) {
  auto idle =
    std::make_unique<model_host>(test_models() / "counter", real_host());
  auto stuck =
    std::make_unique<model_host>(test_models() / "counter", fake("ignore_eof"));
  BOOST_TEST(reply_of(idle->ping(5s)).ok);
  BOOST_TEST(reply_of(stuck->ping(5s)).ok);
  auto idle_pid = idle->pid();
  auto stuck_pid = stuck->pid();
  idle.reset();  // exits on end of input
  stuck.reset(); // ignores end of input: killed after the grace
  BOOST_TEST(process_gone(idle_pid));
  BOOST_TEST(process_gone(stuck_pid));
  errno = 0;
  BOOST_TEST(::waitpid(-1, nullptr, WNOHANG) == -1); // no children at all
  BOOST_TEST(errno == ECHILD);
}

BOOST_AUTO_TEST_SUITE_END()
