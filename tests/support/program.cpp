#include "tests/support/program.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <tuple>
#include <unistd.h>

extern char** environ;

namespace ledger::test {

namespace {

// A new empty file under /tmp: its name, and a descriptor open on it.
std::pair<std::string, int> capture_file() {
  char name[] = "/tmp/ledger-test-output-XXXXXX";
  int fd = mkstemp(name);
  if (fd < 0)
    throw std::runtime_error(std::string{"mkstemp failed: "} +
                             std::strerror(errno));
  return {name, fd};
}

std::string read_all(const std::string& path) {
  std::ifstream in{path};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Polls `has` every 20 ms until it holds or `limit` passed.
template <class Predicate>
bool poll(Predicate has, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (has())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return has();
}

int status_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

program::program(const std::string& path, std::vector<std::string> args,
                 const env_list& env, stderr_to err) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos)
      vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (auto& [k, v] : env)
    vars[k] = v;
  std::vector<std::string> env_strings;
  for (auto& [k, v] : vars)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  args.insert(args.begin(), path);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  auto [out_name, out_fd] = capture_file();
  output_file_ = out_name;
  int err_fd = out_fd;
  if (err == stderr_to::own_file)
    std::tie(error_file_, err_fd) = capture_file();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  auto rc = posix_spawnp(&pid_, path.c_str(), &actions, nullptr, argv.data(),
                         envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  if (err_fd != out_fd)
    close(err_fd);
  if (rc != 0) {
    std::remove(output_file_.c_str());
    if (!error_file_.empty())
      std::remove(error_file_.c_str());
    throw std::runtime_error("cannot start " + path + ": " + std::strerror(rc));
  }
}

program::~program() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::remove(output_file_.c_str());
  if (!error_file_.empty())
    std::remove(error_file_.c_str());
}

std::string program::output() const {
  return read_all(output_file_);
}

std::string program::error_output() const {
  return error_file_.empty() ? std::string{} : read_all(error_file_);
}

bool program::wait_for_output(const std::string& text,
                              std::chrono::milliseconds limit) const {
  return poll([&] { return output().find(text) != std::string::npos; }, limit);
}

bool program::wait_for_error_output(const std::string& text,
                                    std::chrono::milliseconds limit) const {
  return poll([&] { return error_output().find(text) != std::string::npos; },
              limit);
}

bool program::reap_if_exited() {
  if (reaped_)
    return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_)
    return false;
  reaped_ = true;
  status_ = status_of(status);
  return true;
}

int program::wait(std::chrono::milliseconds limit) {
  if (poll([&] { return reap_if_exited(); }, limit))
    return status_;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  reaped_ = true;
  return -1; // status_ stays -1: it did not exit by itself
}

void program::signal(int signal) {
  if (!reaped_)
    ::kill(pid_, signal);
}

bool program::running() {
  return !reap_if_exited();
}

std::size_t occurrences(const std::string& output, const std::string& text) {
  std::size_t n = 0;
  for (auto at = output.find(text); at != std::string::npos;
       at = output.find(text, at + text.size()))
    ++n;
  return n;
}

} // namespace ledger::test
