#pragma once

// Runs one of the project's programs as a child process for a test:
// arguments, extra environment, output (stdout and stderr) captured in a
// temporary file, and a kill that leaves no zombie.

#include <chrono>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace ledger::test {

class program {
public:
  /// Starts `path` with `args`; `env` entries are added to (or replace
  /// those of) the test's own environment.
  program(const std::string& path, std::vector<std::string> args,
          std::vector<std::pair<std::string, std::string>> env = {});
  ~program();
  program(const program&) = delete;
  program& operator=(const program&) = delete;

  pid_t pid() const { return pid_; }

  /// Everything the program printed so far.
  std::string output() const;

  /// Waits until the output contains `text`, up to `limit`.
  bool wait_for_output(const std::string& text,
                       std::chrono::milliseconds limit = std::chrono::seconds{
                         20}) const;

  /// Waits for the exit status (128 + signal when killed), up to `limit`;
  /// kills it past that and returns -1.
  int wait(std::chrono::milliseconds limit = std::chrono::seconds{20});

  /// Sends `signal`; the destructor reaps.
  void signal(int signal);

  bool running();

private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string output_file_;
};

} // namespace ledger::test
