#pragma once

// Shared pieces of the ledgerctl and ledger-feed tests: running the built
// programs (LEDGERCTL_BINARY, LEDGER_FEED_BINARY) through tests/support's
// program with stdout and stderr apart, the broker from LEDGER_AMQP_URL
// (`eval "$(deploy/services.sh env)"`), and a topology under a unique
// prefix per test, declared exactly as the programs declare it (durable: a
// temporary one would conflict with theirs) and deleted at the end.

#include "messaging/amqp_connection.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/topology.hpp"
#include "tests/amqp/amqp_fixture.hpp" // amqp_url, amqp_password, ...
#include "tests/support/program.hpp"

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace ledger::test {

/// What a finished program printed and how it ended.
struct run_result {
  int status = -1; ///< exit status, or 128 + signal
  std::string out;
  std::string err;
  std::chrono::milliseconds took{0}; ///< from start to exit, by run()
};

/// Waits up to `limit` for `p` (started with stderr in a file of its own)
/// to exit; fails the test past that (the program is killed). Checks that
/// no output contains the password. `took` is left 0.
run_result finish(program& p,
                  std::chrono::milliseconds limit = std::chrono::seconds{30});

/// Runs a program to its end, stdout and stderr apart. `env` entries are
/// added to (or replace those of) the test's environment.
run_result run(const std::string& binary, std::vector<std::string> args,
               const program::env_list& env = {});

/// The topology under a unique prefix, declared on construction and
/// deleted on destruction.
struct test_topology {
  test_topology();
  ~test_topology();
  test_topology(const test_topology&) = delete;
  test_topology& operator=(const test_topology&) = delete;

  /// {"--topology-prefix", prefix}
  std::vector<std::string> args() const;

  messaging::topology topo;
  messaging::amqp_connection admin;
};

/// A file with `content` under /tmp, removed on destruction.
struct temp_file {
  explicit temp_file(const std::string& content);
  ~temp_file();
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  std::string path;
};

/// `a` followed by `b`.
std::vector<std::string> operator+(std::vector<std::string> a,
                                   const std::vector<std::string>& b);

/// True when `text` contains `part`.
bool has(const std::string& text, const std::string& part);

} // namespace ledger::test

// Printers for BOOST_TEST's messages (found by argument-dependent lookup).
namespace ledger::messaging {
inline std::ostream& operator<<(std::ostream& os, command_kind k) {
  return os << to_string(k);
}
} // namespace ledger::messaging
