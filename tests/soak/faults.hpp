#pragma once

// The faults the soak injects, each a name and what it does to a running
// world: kill -9 of ledgerd or of a worker (restarted at once), and the
// servers stopped, killed or paused for a while (deploy/services.sh).

#include "tests/e2e/e2e_world.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ledger::test {

/// What the faults act on: the world and the programs running in it.
struct soak_system {
  explicit soak_system(world& in) : w(in) {}
  world& w;
  std::vector<std::string> engine_args;
  program* engine = nullptr;
  std::vector<program*> workers;
  /// How long a server stays away in a server fault.
  std::chrono::seconds outage{20};
};

struct fault {
  std::string
    key; ///< for LEDGER_SOAK_FAULTS: ledgerd, worker, postgres-stop, ...
  std::string name;
  /// Injects the fault and undoes it (restart, resume); returns when the
  /// system has been given back everything it lost.
  std::function<void(soak_system&)> inject;
};

/// Every fault the soak knows, or those whose keys `keys` lists
/// (comma-separated; empty: all). Fails the test on an unknown key.
std::vector<fault> chosen_faults(const std::string& keys);

/// Runs deploy/services.sh with `command`; fails the test unless it exits 0.
void services(const std::string& command);

} // namespace ledger::test
