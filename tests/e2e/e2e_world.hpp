#pragma once

// A world of its own for the end-to-end tests: a scratch database, a
// topology prefix, an algorithms root with the example models, a CSV of
// monthly prices, and the programs started in it (killed at the end).

#include "persistence/store.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ledger::test {

struct world {
  world();
  ~world();
  world(const world&) = delete;
  world& operator=(const world&) = delete;

  /// What every program started here gets in its environment.
  std::vector<std::pair<std::string, std::string>> env() const;

  /// Starts `binary` with `args` in this world.
  program& start(const char* binary, std::vector<std::string> args);

  /// Runs ledgerctl to completion; returns (exit status, output).
  std::pair<int, std::string> ctl(std::vector<std::string> args);

  std::size_t count(const std::string& ledger, tick_outcome outcome);

  /// "ok 3, timeout 1, ...": the ledger's stored ticks by outcome, and its
  /// status, to say why a wait failed.
  std::string outcomes(const std::string& ledger);

  /// Waits until `ledger` has at least `n` ticks with `outcome`.
  bool wait_for_ticks(const std::string& ledger, tick_outcome outcome,
                      std::size_t n,
                      std::chrono::seconds limit = std::chrono::seconds{60});

  scratch_database db;
  persistence::store store{db.url()};
  std::string prefix;
  std::filesystem::path dir;
  std::filesystem::path root;
  std::filesystem::path csv;
  std::filesystem::path model_log;
  /// The replayed prices by ticker, in micros.
  std::map<std::string, std::set<std::int64_t>> replayed;
  std::vector<std::unique_ptr<program>> programs;
  /// ledgerd's HTTP port, once start_engine has started it.
  unsigned short http_port = 0;
};

/// Stores a ledger as running (on AAPL and MSFT, 3000 to spend, an hour to
/// live) before ledgerd starts: it resumes every such ledger at once, the
/// quickest way to put a whole load on the pipeline. Migrates first.
void store_running_ledger(world& w, const std::string& name,
                          const std::string& algo,
                          std::chrono::milliseconds interval);

/// A free port for --http-addr, chosen below the kernel's ephemeral range
/// so that no outgoing connection takes it before ledgerd binds it.
std::string http_port();

/// Starts ledgerd in `w` with `extra` arguments and waits until its broker
/// link is connected and it listens for HTTP.
program& start_engine(world& w, std::vector<std::string> extra = {});

} // namespace ledger::test
