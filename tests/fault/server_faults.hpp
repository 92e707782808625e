#pragma once

// What the tests of a server fault share (broker_kill_test,
// command_redelivery_test, database_stop_test, server_pause_test):
// deploy/services.sh aimed at the servers under test and no other pair, a
// guard that always brings a server back, and the loaded system they run
// in. What they measure with is in fault_probes.hpp.

#include "messaging/codec_command.hpp"
#include "tests/e2e/e2e_world.hpp"
#include "tests/fault/fault_probes.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ledger::test {

/// Runs deploy/services.sh `command` in this process's environment, so
/// that LEDGER_LOCAL_DIR and the LEDGER_*_PORT variables aim it at the
/// same pair of servers as the URLs; fails the test unless it exits 0.
void services(const std::string& command);

/// Fails the test unless services.sh acts on the servers of
/// LEDGER_DATABASE_URL and LEDGER_AMQP_URL: a fault must never hit another
/// pair (the shared one, when LEDGER_LOCAL_DIR was forgotten).
void require_services_aim_at_urls();

/// A server taken away by a services.sh command (`away`, run by the
/// constructor) and brought back by another (`back`). The destructor runs
/// `back` unless bring_back() did, so a failing test never leaves the
/// server down or frozen for the tests after it.
class server_fault {
public:
  server_fault(std::string away, std::string back);
  ~server_fault();
  server_fault(const server_fault&) = delete;
  server_fault& operator=(const server_fault&) = delete;

  /// Runs `back`; returns when services.sh says the server is back.
  void bring_back();

  /// The same, calling `meanwhile` every 100 ms while `back` runs (a
  /// server that boots for seconds may be reached before it returns).
  void bring_back(const std::function<void()>& meanwhile);

  /// When `away` was run (the fault takes effect during it).
  wall_time began() const { return began_; }

private:
  std::string back_;
  bool away_ = true;
  wall_time began_;
};

/// Ledgers stored as running before ledgerd starts, so it resumes them all
/// at once: `builtin` on builtin:random every 200 ms (rand_0, ...), and
/// `python` on random_trader every 500 ms (py_0, ...).
std::vector<std::string> create_running_ledgers(world& w, int builtin,
                                                int python);

/// A worker, the feed and ledgerd on ledgers stored running, on servers
/// the fault commands may act on (require_services_aim_at_urls);
/// constructed once both kinds of ledger tick ok and /readyz says ready.
struct system_under_load {
  /// `engine_args`: more of ledgerd's command line.
  system_under_load(int builtin, int python,
                    std::vector<std::string> engine_args = {});

  /// Stops ledgerd cleanly (SIGTERM, so it writes what it queued), then
  /// checks every ledger at rest: ticks 1..N, book equal to its fills.
  void stop_and_check_every_ledger();

  world w;
  std::vector<std::string> names;
  program* worker = nullptr;
  program* feed = nullptr;
  program* engine = nullptr;
};

/// `c` published as ledgerctl publishes a command (persistent, to the
/// durable commands queue, with a correlation id of its own), once the
/// broker has confirmed it. Without reply_to: ledgerd only acks it.
void publish_confirmed(const world& w, const messaging::command& c);

/// A command of `kind` for the ledger `name`.
messaging::command command_of(messaging::command_kind kind,
                              const std::string& name);

/// How long a server stays away in the server fault tests.
inline constexpr std::chrono::seconds outage{20};

/// A report of one bought AAPL share, as POST /v1/ledgers/{name}/trades.
inline const std::string one_buy =
  R"({"trades": [{"type": "buy", "ticker": "AAPL", "quantity": 1}]})";

} // namespace ledger::test
