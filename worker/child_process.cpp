#include "worker/child_process.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ledger::worker {

namespace {

/// The program's full path: as given when it has a '/', else the first
/// executable file of that name in PATH. Done before fork, because execvp's
/// search may allocate, which a child of a threaded process must not.
std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos)
    return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t begin = 0;
  while (begin <= dirs.size()) {
    auto end = dirs.find(':', begin);
    if (end == std::string::npos)
      end = dirs.size();
    auto dir = dirs.substr(begin, end - begin);
    auto candidate = (dir.empty() ? std::string{"."} : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    begin = end + 1;
  }
  return std::nullopt;
}

/// Whether `name` is in `list` (names, or prefixes ending in '*').
bool listed(const std::string& name, const std::vector<std::string>& list) {
  for (auto& entry : list) {
    if (!entry.empty() && entry.back() == '*') {
      if (name.compare(0, entry.size() - 1, entry, 0, entry.size() - 1) == 0)
        return true;
    } else if (name == entry) {
      return true;
    }
  }
  return false;
}

/// The child's environment as NAME=value strings: our variables that
/// `inherit` lets through (all when unset), then `overrides`.
std::vector<std::string> child_environment(
  const std::vector<std::pair<std::string, std::string>>& overrides,
  const std::optional<std::vector<std::string>>& inherit) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry{*e};
    auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (auto& [key, value] : overrides)
      replaced = replaced || key == name;
    if (replaced)
      continue;
    if (inherit && (!listed(name, *inherit) || looks_secret(name)))
      continue;
    out.push_back(std::move(entry));
  }
  for (auto& [key, value] : overrides)
    out.push_back(key + "=" + value);
  return out;
}

/// An rlimit for the child, never above our own hard limit (which only a
/// privileged process could raise).
struct child_limit {
  int resource;
  rlimit value;
};

void add_limit(std::vector<child_limit>& limits, int resource, rlim_t soft,
               rlim_t hard) {
  rlimit ours{};
  if (::getrlimit(resource, &ours) == 0 && ours.rlim_max != RLIM_INFINITY) {
    soft = std::min(soft, ours.rlim_max);
    hard = std::min(hard, ours.rlim_max);
  }
  limits.push_back({resource, rlimit{soft, hard}});
}

std::vector<child_limit> limits_of(const spawn_spec& spec) {
  std::vector<child_limit> limits;
  if (spec.memory_limit > 0)
    add_limit(limits, RLIMIT_AS, spec.memory_limit, spec.memory_limit);
  if (spec.cpu_seconds > 0)
    add_limit(limits, RLIMIT_CPU, spec.cpu_seconds, spec.cpu_seconds + 1);
  if (spec.open_files > 0)
    add_limit(limits, RLIMIT_NOFILE, spec.open_files, spec.open_files);
  if (!spec.core_files)
    add_limit(limits, RLIMIT_CORE, 0, 0);
  return limits;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// A close-on-exec pipe whose ends are both >= 3, so that dup2 onto 0 and
/// 1 in the child always copies (dup2(0, 0) would keep close-on-exec).
bool make_pipe(int fds[2], std::vector<int>& low_fds) {
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return false;
  for (int i = 0; i < 2; ++i) {
    if (fds[i] >= 3)
      continue;
    int moved = ::fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
    if (moved < 0)
      return false;
    low_fds.push_back(fds[i]); // closed later, so no other pipe reuses it
    fds[i] = moved;
  }
  return true;
}

void close_fd(int& fd) {
  if (fd >= 0)
    ::close(fd);
  fd = -1;
}

/// Closes every descriptor >= `from` except `keep`; only system calls, as
/// the child of a threaded process may only make async-signal-safe calls.
/// `max_fd` bounds the fallback loop for kernels without close_range.
void close_all_from(int from, int keep, int max_fd) {
  auto close_range_of = [max_fd](unsigned low, unsigned high) {
    if (low > high)
      return;
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, low, high, 0u) == 0)
      return;
#endif
    for (unsigned fd = low; fd <= high && fd < static_cast<unsigned>(max_fd);
         ++fd)
      ::close(static_cast<int>(fd));
  };
  close_range_of(static_cast<unsigned>(from), static_cast<unsigned>(keep) - 1);
  close_range_of(static_cast<unsigned>(keep) + 1, ~0u);
}

/// Everything the child needs between fork and exec, made before fork.
struct child_setup {
  int stdin_read, stdout_write, error_fd, max_fd;
  const char* program;
  char** argv;
  char** envp;
  const std::vector<child_limit>* limits;
  const seccomp_filter* filter;
  bool die_with_parent;
  pid_t parent;
  const std::optional<run_as_user>* user;
};

/// Asks for SIGKILL when the parent thread dies; false when it already has.
bool die_with(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  return ::getppid() == parent; // else the parent died before prctl
}

/// In the child, between fork and exec. Reports a failure by writing errno
/// to `error_fd` (close-on-exec: an exec that succeeds closes it unwritten).
[[noreturn]] void exec_child(const child_setup& c) {
  int error_fd = c.error_fd;
  auto fail = [error_fd] {
    int code = errno;
    [[maybe_unused]] auto n = ::write(error_fd, &code, sizeof code);
    ::_exit(127);
  };
  ::setpgid(0, 0); // our own group: a kill reaches the model's children too
  if (c.die_with_parent && !die_with(c.parent))
    ::_exit(127);
  // Dispositions set to "ignore" and the signal mask survive exec; the
  // model host expects the defaults.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP)
      ::sigaction(sig, &dfl, nullptr);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(c.stdin_read, 0) < 0 || ::dup2(c.stdout_write, 1) < 0)
    fail();
  close_all_from(3, error_fd, c.max_fd);
  for (auto& limit : *c.limits)
    if (::setrlimit(limit.resource, &limit.value) != 0)
      fail();
  if (auto& user = *c.user) {
    // Groups first, while we may still change them; the kernel clears the
    // parent-death signal on a change of user, so it is asked again.
    if (::setgroups(0, nullptr) != 0 || ::setgid(user->gid) != 0 ||
        ::setuid(user->uid) != 0)
      fail();
    if (c.die_with_parent && !die_with(c.parent))
      ::_exit(127);
  }
  // Last: the filter refuses setpgid, which we needed above.
  if (!c.filter->install())
    fail();
  ::execve(c.program, c.argv, c.envp);
  fail();
  ::_exit(127); // fail() does not return; this tells the compiler so
}

} // namespace

std::variant<run_as_user, std::string> find_user(const std::string& name) {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(),
                   &found) != 0 ||
      found == nullptr)
    return "no user named " + name;
  if (found->pw_uid == 0)
    return name + " is root: running models as root confines nothing";
  return run_as_user{found->pw_uid, found->pw_gid};
}

std::variant<child_process, std::string>
child_process::spawn(const spawn_spec& spec) {
  if (spec.argv.empty())
    return std::string{"no command to start"};
  auto program = find_program(spec.argv.front());
  if (!program)
    return spec.argv.front() + " was not found in PATH";
  // Everything the child needs is allocated before fork.
  auto args = spec.argv;
  auto envs = child_environment(spec.environment, spec.inherit);
  auto argv = pointers(args);
  auto envp = pointers(envs);
  struct rlimit files {};
  int max_fd =
    ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
      ? static_cast<int>(files.rlim_cur)
      : 65536;
  auto limits = limits_of(spec);
  pid_t parent = ::getpid();
  seccomp_filter filter{spec.confine, parent};

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  std::vector<int> low_fds;
  auto cleanup = [&] {
    for (int* fd : {&in[0], &in[1], &out[0], &out[1], &err[0], &err[1]})
      close_fd(*fd);
    for (int fd : low_fds)
      ::close(fd);
  };
  if (!make_pipe(in, low_fds) || !make_pipe(out, low_fds) ||
      !make_pipe(err, low_fds)) {
    auto why = std::string{"cannot create pipes: "} + std::strerror(errno);
    cleanup();
    return why;
  }
  for (int fd : low_fds)
    ::close(fd);
  low_fds.clear();

  pid_t pid = ::fork();
  if (pid < 0) {
    auto why = std::string{"cannot fork: "} + std::strerror(errno);
    cleanup();
    return why;
  }
  if (pid == 0)
    exec_child({in[0], out[1], err[1], max_fd, program->c_str(), argv.data(),
                envp.data(), &limits, &filter, spec.die_with_parent, parent,
                &spec.user});

  ::setpgid(pid, pid); // also here, so a kill right after spawn finds it
  close_fd(in[0]);
  close_fd(out[1]);
  close_fd(err[1]);
  // The child's exec closes its end of `err`: end of file means success.
  int code = 0;
  ssize_t n;
  do
    n = ::read(err[0], &code, sizeof code);
  while (n < 0 && errno == EINTR);
  close_fd(err[0]);
  child_process child{pid, in[1], out[0]};
  if (n > 0) {
    child.kill();
    return "cannot start " + *program + ": " + std::strerror(code);
  }
  for (int fd : {child.stdin_fd_, child.stdout_fd_})
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return child;
}

child_process::child_process(pid_t pid, int stdin_fd, int stdout_fd)
  : pid_(pid), stdin_fd_(stdin_fd), stdout_fd_(stdout_fd) {}

child_process::child_process(child_process&& other) noexcept
  : pid_(std::exchange(other.pid_, -1)),
    stdin_fd_(std::exchange(other.stdin_fd_, -1)),
    stdout_fd_(std::exchange(other.stdout_fd_, -1)),
    status_(std::exchange(other.status_, std::nullopt)) {}

child_process& child_process::operator=(child_process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0)
      kill();
    close_fds();
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

child_process::~child_process() {
  if (pid_ > 0)
    kill();
  close_fds();
}

void child_process::close_fds() {
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
}

void child_process::close_stdin() {
  close_fd(stdin_fd_);
}

std::optional<int> child_process::try_reap() {
  if (status_ || pid_ <= 0)
    return status_;
  // Look without reaping first: while the leader is an unreaped zombie its
  // pid stays reserved, so killing the group cannot hit a stranger that
  // reused the number; the kill takes any children the model left behind.
  siginfo_t info{};
  int r;
  do
    r = ::waitid(P_PID, static_cast<id_t>(pid_), &info,
                 WEXITED | WNOHANG | WNOWAIT);
  while (r < 0 && errno == EINTR);
  if (r == 0 && info.si_pid == 0)
    return std::nullopt; // still running
  return kill();
}

int child_process::stop(std::chrono::milliseconds grace) {
  close_stdin();
  auto until = std::chrono::steady_clock::now() + grace;
  while (!try_reap() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  return kill();
}

int child_process::kill() {
  if (pid_ <= 0 || status_)
    return status_.value_or(0);
  // The whole group: a model that forked must not leave its children.
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int status = 0;
  pid_t r;
  do
    r = ::waitpid(pid_, &status, 0);
  while (r < 0 && errno == EINTR);
  status_ = r == pid_ ? status : 0; // 0 if SIGCHLD is ignored (auto-reap)
  close_fds();
  return *status_;
}

bool looks_secret(std::string_view name) {
  std::string upper{name};
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (auto part :
       {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "URL"})
    if (upper.find(part) != std::string::npos)
      return true;
  return false;
}

std::string describe_exit(int wait_status) {
  if (WIFEXITED(wait_status))
    return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    const char* what = ::sigdescr_np(sig);
    return "was killed by signal " + std::to_string(sig) +
           (what ? std::string{" ("} + what + ")" : std::string{});
  }
  return "stopped with wait status " + std::to_string(wait_status);
}

} // namespace ledger::worker
