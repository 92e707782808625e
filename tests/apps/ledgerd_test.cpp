// ledgerd as a program: --help, a clean start and stop against a scratch
// database, and a clear failure (without the password) when the database
// cannot be reached.

#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

struct process {
  pid_t pid = -1;
  std::string output_file;
  process() = default;
  process(const process&) = delete;
  process(process&& other) noexcept
    : pid(other.pid), output_file(std::move(other.output_file)) {
    other.output_file.clear();
  }
  ~process() {
    if (!output_file.empty())
      std::remove(output_file.c_str());
  }
};

// Starts LEDGERD_BINARY with args, stdout and stderr into a temp file.
process start(std::vector<std::string> args) {
  process p;
  char name[] = "/tmp/ledgerd-test-XXXXXX";
  int fd = mkstemp(name);
  BOOST_REQUIRE(fd >= 0);
  p.output_file = name;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  args.insert(args.begin(), LEDGERD_BINARY);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  BOOST_REQUIRE(posix_spawn(&p.pid, LEDGERD_BINARY, &actions, nullptr,
                            argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fd);
  return p;
}

std::string output_of(const process& p) {
  std::ifstream in{p.output_file};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Waits up to 20 s for the exit status; kills the process past that.
int wait_for(const process& p) {
  for (int i = 0; i < 200; ++i) {
    int status = 0;
    if (waitpid(p.pid, &status, WNOHANG) == p.pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  kill(p.pid, SIGKILL);
  waitpid(p.pid, nullptr, 0);
  BOOST_FAIL("ledgerd did not exit");
  return -1;
}

bool wait_for_output(const process& p, const std::string& text) {
  for (int i = 0; i < 200; ++i) {
    if (output_of(p).find(text) != std::string::npos)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ledgerd_program)

BOOST_AUTO_TEST_CASE(help_lists_the_options) {
  auto p = start({"--help"});
  BOOST_TEST(wait_for(p) == 0);
  auto text = output_of(p);
  for (auto option :
       {"--database-url", "--model-deadline", "--batch-size", "--batch-delay",
        "--queue-capacity", "--migrate-only", "--http-addr", "--api-keys",
        "--api-key-file", "--read-requires-key", "--amqp-url", "--stop-timeout",
        "--topology-prefix", "--no-broker"})
    BOOST_TEST(text.find(option) != std::string::npos, option);
  auto bad = start({"--no-such-option"});
  BOOST_TEST(wait_for(bad) == 2);
  BOOST_TEST(output_of(bad).find("unknown option --no-such-option") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(starts_recovers_and_stops_on_sigterm) {
  ledger::test::scratch_database db;
  auto p = start({"--database-url", db.url(), "--http-addr", "127.0.0.1:0"});
  BOOST_REQUIRE_MESSAGE(wait_for_output(p, "recovered 0 ledgers"),
                        output_of(p));
  kill(p.pid, SIGTERM);
  BOOST_TEST(wait_for(p) == 0);
  ledger::persistence::store s{db.url()};
  BOOST_TEST(s.migrate() == ledger::persistence::store::known_schema_version());
}

BOOST_AUTO_TEST_CASE(an_unreachable_database_fails_clearly_without_secrets) {
  auto p = start(
    {"--database-url", "postgresql://ledger:s3cret-pw@127.0.0.1:1/ledger"});
  BOOST_TEST(wait_for(p) == 1);
  auto text = output_of(p);
  BOOST_TEST(text.find("cannot reach the database") != std::string::npos, text);
  BOOST_TEST(text.find("s3cret-pw") == std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
