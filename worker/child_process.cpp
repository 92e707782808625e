#include "worker/child_process.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
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

/// Our environment with `overrides` set or replaced, as NAME=value strings.
std::vector<std::string> child_environment(
  const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry{*e};
    auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (auto& [key, value] : overrides)
      replaced = replaced || key == name;
    if (!replaced)
      out.push_back(std::move(entry));
  }
  for (auto& [key, value] : overrides)
    out.push_back(key + "=" + value);
  return out;
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

/// In the child, between fork and exec. Reports a failure by writing errno
/// to `error_fd` (close-on-exec: an exec that succeeds closes it unwritten).
[[noreturn]] void exec_child(int stdin_read, int stdout_write, int error_fd,
                             int max_fd, const char* program, char** argv,
                             char** envp, std::uint64_t memory_limit,
                             bool die_with_parent, pid_t parent) {
  auto fail = [error_fd] {
    int code = errno;
    [[maybe_unused]] auto n = ::write(error_fd, &code, sizeof code);
    ::_exit(127);
  };
  ::setpgid(0, 0); // our own group: a kill reaches the model's children too
  if (die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // the parent died before prctl
      ::_exit(127);
  }
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
  if (::dup2(stdin_read, 0) < 0 || ::dup2(stdout_write, 1) < 0)
    fail();
  close_all_from(3, error_fd, max_fd);
  if (memory_limit > 0) {
    struct rlimit limit {};
    limit.rlim_cur = limit.rlim_max = memory_limit;
    if (::setrlimit(RLIMIT_AS, &limit) != 0)
      fail();
  }
  ::execve(program, argv, envp);
  fail();
  ::_exit(127); // fail() does not return; this tells the compiler so
}

} // namespace

std::variant<child_process, std::string>
child_process::spawn(const spawn_spec& spec) {
  if (spec.argv.empty())
    return std::string{"no command to start"};
  auto program = find_program(spec.argv.front());
  if (!program)
    return spec.argv.front() + " was not found in PATH";
  // Everything the child needs is allocated before fork.
  auto args = spec.argv;
  auto envs = child_environment(spec.environment);
  auto argv = pointers(args);
  auto envp = pointers(envs);
  struct rlimit files {};
  int max_fd =
    ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
      ? static_cast<int>(files.rlim_cur)
      : 65536;

  // The child may lower its memory limit but not raise it past ours.
  auto memory_limit = spec.memory_limit;
  struct rlimit memory {};
  if (memory_limit > 0 && ::getrlimit(RLIMIT_AS, &memory) == 0 &&
      memory.rlim_max != RLIM_INFINITY && memory.rlim_max < memory_limit)
    memory_limit = memory.rlim_max;

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

  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    auto why = std::string{"cannot fork: "} + std::strerror(errno);
    cleanup();
    return why;
  }
  if (pid == 0)
    exec_child(in[0], out[1], err[1], max_fd, program->c_str(), argv.data(),
               envp.data(), memory_limit, spec.die_with_parent, parent);

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
