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
#include <fstream>
#include <grp.h>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

// Whether `user` may read `path` (asked from a child that becomes it).
bool readable_by(const run_as_user& user, const fs::path& path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    bool ok = ::setgroups(0, nullptr) == 0 && ::setgid(user.gid) == 0 &&
              ::setuid(user.uid) == 0 && ::access(path.c_str(), R_OK) == 0;
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// What a model reported by raising "ValueError: {JSON}".
rapidjson::Document raised_json(const algo_reply& reply) {
  auto brace = reply.error_message.find('{');
  BOOST_REQUIRE_MESSAGE(brace != std::string::npos, outcome(reply));
  rapidjson::Document seen;
  seen.Parse(reply.error_message.c_str() + brace);
  BOOST_REQUIRE_MESSAGE(!seen.HasParseError(), reply.error_message);
  return seen;
}

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
  // (At most 500 characters: names only.)
  auto seen = raised_json(reply);
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

BOOST_AUTO_TEST_CASE(a_model_user_must_be_a_real_one_and_not_root) {
  BOOST_TEST(std::get<std::string>(find_user("root")).find("is root") !=
             std::string::npos);
  BOOST_TEST(std::get<std::string>(find_user("no-such-user-here")) ==
             "no user named no-such-user-here");
}

// A worker run as root (as in CI) gives its hosts another user
// (--model-user): a model can then read neither the worker's environment
// (/proc/<worker>/environ) nor a file only the worker's user may read,
// such as the servers' credentials under the project folder.
BOOST_AUTO_TEST_CASE(a_model_run_as_another_user_reads_nothing_of_ours) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("not root: hosts cannot change user; skipped");
    return;
  }
  auto nobody = std::get<run_as_user>(find_user("nobody"));
  auto model = hostile_models() / "hostile" / "model.py";
  if (!readable_by(nobody, model) ||
      !readable_by(nobody, source_dir() / "sdk" / "python" / "ledger_model" /
                             "host.py")) {
    BOOST_TEST_MESSAGE("the source tree is not readable by nobody; skipped");
    return;
  }
  auto secret =
    fs::temp_directory_path() / ("ledger-secret-" + std::to_string(::getpid()));
  std::ofstream{secret} << "password=hostile-test-secret-8\n";
  ::chmod(secret.c_str(), 0600);
  auto options = real_host();
  // The interpreter by its system path: a pyenv shim under /root is not
  // executable by nobody.
  options.command = {"/usr/bin/python3", "-m", "ledger_model.host", "--algo"};
  options.user = nobody;
  options.environment.emplace_back("LEDGER_MODEL_SNOOP", secret.string());
  {
    hostile_world w{options};
    auto seen = raised_json(w.ask("snoops"));
    BOOST_TEST(seen["uid"].GetInt() == static_cast<int>(nobody.uid));
    BOOST_TEST(std::string{seen["environ"].GetString()} == "refused");
    BOOST_TEST(std::string{seen["file"].GetString()} == "refused");
    BOOST_TEST(outcome(w.ask("good")) == buys(1));
  }
  fs::remove(secret);
}

BOOST_AUTO_TEST_SUITE_END()
