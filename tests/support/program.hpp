#pragma once

// Runs a program as a child process for a test: arguments, extra
// environment, output captured in temporary files, a wait with a limit,
// signals, and a kill that leaves no zombie. Every test that starts a
// process starts it through this class.

#include <chrono>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace ledger::test {

class program {
public:
  using env_list = std::vector<std::pair<std::string, std::string>>;

  /// Where the program's stderr goes: into one file with its stdout (a log
  /// read as a whole, in the order it was written), or into a file of its
  /// own (for tests that tell the two streams apart).
  enum class stderr_to { output, own_file };

  /// Starts `path` (looked up in PATH when it has no slash) with `args`;
  /// `env` entries are added to (or replace those of) the test's own
  /// environment.
  program(const std::string& path, std::vector<std::string> args,
          const env_list& env = {}, stderr_to err = stderr_to::output);
  ~program();
  program(const program&) = delete;
  program& operator=(const program&) = delete;

  pid_t pid() const { return pid_; }

  /// Everything the program printed so far on stdout, and on stderr unless
  /// that has a file of its own.
  std::string output() const;

  /// What the program printed so far on stderr when it has a file of its
  /// own; "" otherwise (it is in output()).
  std::string error_output() const;

  /// Waits until output() contains `text`, up to `limit`.
  bool wait_for_output(const std::string& text,
                       std::chrono::milliseconds limit = std::chrono::seconds{
                         20}) const;

  /// Waits until error_output() contains `text`, up to `limit`.
  bool wait_for_error_output(
    const std::string& text,
    std::chrono::milliseconds limit = std::chrono::seconds{20}) const;

  /// Waits for the exit status (128 + signal when killed), up to `limit`;
  /// kills it past that and returns -1. Once reaped, returns the status.
  int wait(std::chrono::milliseconds limit = std::chrono::seconds{20});

  /// Sends `signal`; the destructor reaps.
  void signal(int signal);

  bool running();

private:
  /// Reaps the program if it has exited; true once reaped.
  bool reap_if_exited();

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
  std::string output_file_;
  std::string error_file_; ///< empty when stderr goes to output_file_
};

/// How often `text` occurs in `output` (a program's, usually): lines
/// such as ": serving " counted to tell how many lanes are up.
std::size_t occurrences(const std::string& output, const std::string& text);

} // namespace ledger::test
