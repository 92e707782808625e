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
#include <unistd.h>

extern char** environ;

namespace ledger::test {

program::program(const std::string& path, std::vector<std::string> args,
                 std::vector<std::pair<std::string, std::string>> env) {
  char name[] = "/tmp/ledger-test-output-XXXXXX";
  int fd = mkstemp(name);
  if (fd < 0)
    throw std::runtime_error("mkstemp failed");
  output_file_ = name;
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
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fd, 1);
  posix_spawn_file_actions_adddup2(&actions, fd, 2);
  auto rc = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(),
                        envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fd);
  if (rc != 0)
    throw std::runtime_error("cannot start " + path + ": " + std::strerror(rc));
}

program::~program() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::remove(output_file_.c_str());
}

std::string program::output() const {
  std::ifstream in{output_file_};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool program::wait_for_output(const std::string& text,
                              std::chrono::milliseconds limit) const {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (output().find(text) != std::string::npos)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return output().find(text) != std::string::npos;
}

int program::wait(std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!reaped_) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > until)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  if (!reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    reaped_ = true;
  }
  return -1;
}

void program::signal(int signal) {
  if (!reaped_)
    ::kill(pid_, signal);
}

bool program::running() {
  if (reaped_)
    return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    return false;
  }
  return true;
}

} // namespace ledger::test
