#pragma once

// A child process with pipes to its stdin and stdout (stderr is inherited),
// in its own process group, started with fork/exec so that rlimits, a
// seccomp filter and a chosen environment can be set up before exec. Every
// descriptor the parent holds is close-on-exec, and the child closes all
// but 0, 1 and 2 before exec, so a model never inherits the worker's
// sockets.
//
// Writing to the stdin of a child that has exited raises SIGPIPE: programs
// using this must ignore SIGPIPE (std::signal(SIGPIPE, SIG_IGN)), as the
// worker's main does; writes then fail with EPIPE instead.

#include "worker/host_seccomp.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <variant>
#include <vector>

namespace ledger::worker {

/// A user the child runs as: its ids, resolved before fork.
struct run_as_user {
  uid_t uid;
  gid_t gid;
};

/// The ids of the user `name`; the string says why not (unknown, or
/// root's: dropping to root drops nothing).
std::variant<run_as_user, std::string> find_user(const std::string& name);

/// How to start a child.
struct spawn_spec {
  /// Program and arguments; a program without '/' is searched in PATH.
  std::vector<std::string> argv;
  /// Variables set (or replaced) in the child's environment.
  std::vector<std::pair<std::string, std::string>> environment;
  /// Which of our variables the child also gets: names, or prefixes ending
  /// in '*' ("LC_*"); nullopt: all of them. With a list, a variable whose
  /// name looks like a credential (looks_secret) is never inherited; to
  /// give one to the child, put it in `environment`.
  std::optional<std::vector<std::string>> inherit;
  /// RLIMIT_AS of the child in bytes; 0 keeps ours.
  std::uint64_t memory_limit = 0;
  /// RLIMIT_CPU of the child in seconds: SIGXCPU at this much CPU time,
  /// SIGKILL one second later (for a child ignoring SIGXCPU); 0 keeps ours.
  std::uint64_t cpu_seconds = 0;
  /// RLIMIT_NOFILE (soft and hard) of the child; 0 keeps ours.
  std::uint64_t open_files = 0;
  /// False sets RLIMIT_CORE to 0: a child killed by SIGXCPU or SIGSEGV
  /// writes no core file.
  bool core_files = true;
  /// Starts the child under worker/host_seccomp.hpp's filter: it and its
  /// descendants stay in its process group and cannot reach into us.
  bool confine = false;
  /// Kill the child when the thread that started it dies (PR_SET_PDEATHSIG),
  /// so a worker killed with SIGKILL leaves no model spinning. Linux ties
  /// this to the *thread*: start children from a long-lived thread.
  bool die_with_parent = true;
  /// Runs the child as this user (no supplementary groups), so it can
  /// read nothing of ours its user may not: our /proc files, the files
  /// holding credentials. Needs root; nullopt keeps our user.
  std::optional<run_as_user> user;
};

/// A running (or exited, not yet reaped) child. Movable, not copyable; the
/// destructor kills and reaps it, so no zombie outlives the object.
class child_process {
public:
  /// Starts the child; the string says why it could not (the program was
  /// not found or exec failed: the error is read back from the child).
  static std::variant<child_process, std::string> spawn(const spawn_spec& spec);

  child_process(child_process&& other) noexcept;
  child_process& operator=(child_process&& other) noexcept;
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  ~child_process();

  pid_t pid() const { return pid_; }
  /// Non-blocking descriptors of our ends of the pipes; -1 once closed.
  int stdin_fd() const { return stdin_fd_; }
  int stdout_fd() const { return stdout_fd_; }

  /// Closes our end of the child's stdin: the child reads end of file.
  void close_stdin();

  /// Reaps the child if it has exited: its wait status, else nullopt.
  std::optional<int> try_reap();

  /// Closes stdin, waits up to `grace` for the child to exit by itself,
  /// then kills its process group; returns the wait status.
  int stop(std::chrono::milliseconds grace);

  /// Kills the child's process group with SIGKILL and reaps the child;
  /// returns the wait status (that of an earlier exit if it had exited).
  int kill();

private:
  child_process(pid_t pid, int stdin_fd, int stdout_fd);
  void close_fds();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::optional<int> status_; ///< set once reaped
};

/// Whether a variable's name suggests it holds a credential: it contains
/// PASSWORD, PASSWD, SECRET, TOKEN, KEY, CREDENTIAL or URL (URLs carry
/// passwords: LEDGER_AMQP_URL), in any case.
bool looks_secret(std::string_view name);

/// "exited with status 7", "was killed by signal 9 (Killed)".
std::string describe_exit(int wait_status);

} // namespace ledger::worker
