#pragma once

// All the lanes of one worker, and their stop within a bounded time: stop
// every lane (each unbinds its queue and answers what already arrived),
// cut their drain short if it runs over, and give up on lanes that still
// do not finish, so that a stop request always ends the worker promptly.

#include "worker/lane.hpp"

#include <chrono>
#include <memory>
#include <vector>

namespace ledger::worker {

class lane_set {
public:
  /// `count` lanes made from `base` (index 0..count-1); not started yet.
  lane_set(int count, const lane_options& base, lane::logger log);

  void start();

  /// True when every lane's thread has ended (e.g. all failed).
  bool all_finished() const;

  /// How stop() went.
  struct stop_report {
    bool aborted = false; ///< the drain was cut short
    int stuck = 0;        ///< lanes that had not finished by `give_up`
  };

  /// Stops every lane. After `drain_limit` the lanes' waits for models are
  /// aborted (and the logger told); lanes not finished by `give_up` are
  /// left running (the caller then exits the process; their model hosts
  /// die with it). Lanes that finished are joined.
  stop_report stop(std::chrono::milliseconds drain_limit,
                   std::chrono::milliseconds give_up);

  /// Counts summed over the lanes.
  std::uint64_t answered() const;
  std::uint64_t timeouts() const;
  /// Release notices taken, over all lanes (ended ledgers' models freed).
  std::uint64_t released() const;

private:
  bool wait_all(std::chrono::steady_clock::time_point until) const;

  lane::logger log_;
  std::vector<std::unique_ptr<lane>> lanes_;
};

} // namespace ledger::worker
