#pragma once

// The pipes to one running model host: request lines out, reply lines in,
// and never a wait past the time the caller gives. Writing and reading
// share one poll loop, so a long request cannot deadlock against a host
// that is writing a long reply.

#include "worker/child_process.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

namespace ledger::worker {

class host_channel {
public:
  using clock = std::chrono::steady_clock;

  /// How a wait for a line ended.
  enum class status {
    line,      ///< a whole line arrived (without its newline)
    timed_out, ///< `until` passed first
    cancelled, ///< the cancel flag was set
    closed,    ///< the host closed its output (it is exiting or dead)
    oversized, ///< a line longer than the limit is arriving
    failed,    ///< poll itself failed (see error())
  };

  /// `max_line`: the longest reply line accepted, in bytes.
  host_channel(child_process child, std::size_t max_line);

  pid_t pid() const { return child_.pid(); }

  /// Queues `line` (with its newline) for the host; written during this
  /// call when the pipe takes it, else during the following waits.
  void send(std::string line);

  /// Waits for the next line until `until`; `cancel` (may be null) is
  /// looked at at least every 100 ms.
  status next_line(clock::time_point until, std::string& line,
                   const std::atomic<bool>* cancel);

  /// Why the last wait failed.
  const std::string& error() const { return error_; }

  /// The host reads end of file (an idle host then exits).
  void close_input() { child_.close_stdin(); }
  std::optional<int> try_reap() { return child_.try_reap(); }
  int stop(std::chrono::milliseconds grace) { return child_.stop(grace); }
  int kill() { return child_.kill(); }

private:
  void write_some();

  child_process child_;
  std::size_t max_line_;
  std::string out_;         ///< request bytes not yet written
  std::string in_;          ///< reply bytes not yet consumed
  std::size_t scanned_ = 0; ///< bytes of in_ known to hold no newline
  bool eof_ = false;
  std::string error_;
};

} // namespace ledger::worker
