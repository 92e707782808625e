// What confines a model host: a CPU time cap, a cap on open files, no new
// processes, no signals to anyone but itself, and an environment without
// the worker's secrets. Each hostile model gets its code and the others
// (same algorithm, other algorithm) answer right after. Models:
// tests/worker/hostile_models; the limits' values are checked in
// model_host_test (the_host_inherits_no_descriptors_and_gets_its_limits).

#include "tests/worker/hostile.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/document.h>

#include <cstdlib>
#include <optional>
#include <set>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

/// Sets variables in our environment while it lives, then restores them.
struct environment_with {
  std::vector<std::pair<std::string, std::optional<std::string>>> saved;
  explicit environment_with(
    std::vector<std::pair<std::string, std::string>> variables) {
    for (auto& [name, value] : variables) {
      const char* old = std::getenv(name.c_str());
      saved.emplace_back(name,
                         old ? std::optional<std::string>{old} : std::nullopt);
      ::setenv(name.c_str(), value.c_str(), 1);
    }
  }
  ~environment_with() {
    for (auto& [name, old] : saved)
      if (old)
        ::setenv(name.c_str(), old->c_str(), 1);
      else
        ::unsetenv(name.c_str());
  }
};

const std::string refused =
  "model_error: PermissionError: [Errno 1] Operation not permitted";

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_models_confined)

// The wall-clock hard limit would take 20 s here; the CPU cap ends the
// spinning host within about a second of CPU time.
BOOST_AUTO_TEST_CASE(a_spinning_model_is_stopped_by_the_cpu_cap) {
  auto options = real_host();
  options.cpu_limit = 1s;
  options.hard_limit = 20s;
  hostile_world w{options};
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto begun = std::chrono::steady_clock::now();
  BOOST_TEST(outcome(w.ask("spins", "hostile", 15s)) ==
             "model_error: the model host was killed by signal 24 (CPU time "
             "limit exceeded) before replying");
  BOOST_TEST((std::chrono::steady_clock::now() - begun < 5s));
  BOOST_TEST(outcome(w.ask("good")) == buys(1)); // a fresh host
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
}

BOOST_AUTO_TEST_CASE(a_model_opening_files_without_end_fails_alone) {
  hostile_world w;
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto pid = w.host_pid();
  BOOST_TEST(outcome(w.ask("opens_files")) ==
             "model_error: OSError: [Errno 24] Too many open files: "
             "'/dev/null'");
  BOOST_TEST(outcome(w.ask("good")) == buys(2));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  BOOST_TEST(w.host_pid() == pid);
}

// A fork would copy the host, memory cap and all; refusing it keeps the
// caps per host and leaves no process to outlive it. Threads stay allowed.
BOOST_AUTO_TEST_CASE(new_processes_and_signals_to_others_are_refused) {
  hostile_world w;
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto pid = w.host_pid();
  BOOST_TEST(outcome(w.ask("forks")) == refused);
  BOOST_TEST(outcome(w.ask("spawns")) == refused);
  BOOST_TEST(outcome(w.ask("signals_worker")) == refused);
  BOOST_TEST(outcome(w.ask("threads")) == "ok: buy AAPL 42;");
  BOOST_TEST(outcome(w.ask("good")) == buys(2));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
  BOOST_TEST(w.host_pid() == pid);
}

BOOST_AUTO_TEST_CASE(the_worker_s_secrets_never_reach_a_model) {
  environment_with secrets{{
    {"LEDGER_API_KEYS", "hostile-test-secret-1"},
    {"LEDGER_AMQP_URL", "amqp://u:hostile-test-secret-2@h/v"},
    {"DATABASE_URL", "postgres://u:hostile-test-secret-3@h/db"},
    {"SOME_SERVICE_PASSWORD", "hostile-test-secret-4"},
    {"AWS_SECRET_ACCESS_KEY", "hostile-test-secret-5"},
    {"GITHUB_TOKEN", "hostile-test-secret-6"},
    // Passed through by its prefix, yet named like a secret: screened.
    {"LEDGER_MODEL_API_KEY", "hostile-test-secret-7"},
    {"LEDGER_MODEL_GREETING", "hello"},
    {"LC_TIME", "C"},
    {"HOSTILE_TEST_PLAIN", "harmless"},
  }};
  auto options = real_host();
  options.environment.emplace_back("LEDGER_TEST_GIVEN_TOKEN", "given");
  hostile_world w{options};
  auto reply = w.ask("environ");
  // "ValueError: {JSON}" (at most 500 characters: names only).
  auto brace = reply.error_message.find('{');
  BOOST_REQUIRE_MESSAGE(brace != std::string::npos, outcome(reply));
  rapidjson::Document seen;
  seen.Parse(reply.error_message.c_str() + brace);
  BOOST_REQUIRE_MESSAGE(!seen.HasParseError(), reply.error_message);
  BOOST_TEST(seen["leaked"].Size() == 0u, reply.error_message);
  std::set<std::string> names;
  for (auto& name : seen["names"].GetArray())
    names.insert(name.GetString());
  // Explicitly given, the model prefix, a locale, and what Python needs.
  for (auto name : {"LEDGER_TEST_GIVEN_TOKEN", "LEDGER_MODEL_GREETING",
                    "LC_TIME", "PATH", "PYTHONPATH"})
    BOOST_TEST(names.count(name) == 1u, name);
  // Not on the list, though harmless: an allow-list, not a deny-list.
  BOOST_TEST(names.count("HOSTILE_TEST_PLAIN") == 0u);
  // (A launcher such as a pyenv shim may add variables of its own.)
  for (auto& name : names)
    BOOST_TEST((!looks_secret(name) || name == "LEDGER_TEST_GIVEN_TOKEN"),
               name);
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
}

BOOST_AUTO_TEST_SUITE_END()
