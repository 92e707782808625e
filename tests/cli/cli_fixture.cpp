#include "tests/cli/cli_fixture.hpp"

#include "messaging/amqp_url.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ledger::test {

using namespace std::chrono_literals;

std::string amqp_url() {
  const char* url = std::getenv("LEDGER_AMQP_URL");
  BOOST_REQUIRE_MESSAGE(url && *url,
                        "LEDGER_AMQP_URL is not set: start the servers with "
                        "`deploy/services.sh up` and then run "
                        "`eval \"$(deploy/services.sh env)\"`");
  return url;
}

std::string amqp_password() {
  auto parsed = messaging::parse_amqp_url(amqp_url());
  BOOST_REQUIRE(std::holds_alternative<messaging::amqp_url>(parsed));
  return std::get<messaging::amqp_url>(parsed).password;
}

std::string amqp_url_with_password(const std::string& password) {
  // The URLs deploy/ writes: amqp://user:password@host:port/vhost.
  auto url = amqp_url();
  auto start = url.find("://") + 3;
  auto colon = url.find(':', start);
  auto at = url.rfind('@');
  BOOST_REQUIRE(colon != std::string::npos && at != std::string::npos &&
                colon < at);
  return url.substr(0, colon + 1) + password + url.substr(at);
}

messaging::amqp_connection connected() {
  messaging::amqp_connection c;
  messaging::connect_options o;
  o.name = "cli_tests";
  c.connect(amqp_url(), o);
  return c;
}

namespace {

std::string temp_name(const char* what) {
  std::string name = std::string{"/tmp/cli-test-"} + what + "-XXXXXX";
  int fd = mkstemp(name.data());
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  return name;
}

std::string read_all(const std::string& path) {
  std::ifstream in{path};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The test's environment with `overrides` ("NAME=value") applied.
std::vector<std::string>
environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    bool replaced = false;
    for (auto& o : overrides)
      replaced |=
        entry.substr(0, entry.find('=') + 1) == o.substr(0, o.find('=') + 1);
    if (!replaced)
      out.push_back(entry);
  }
  out.insert(out.end(), overrides.begin(), overrides.end());
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& s : items)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

} // namespace

child::child(const std::string& binary, std::vector<std::string> args,
             const std::vector<std::string>& env)
  : out_file_(temp_name("out")), err_file_(temp_name("err")),
    started_(std::chrono::steady_clock::now()) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file_.c_str(),
                                   O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file_.c_str(),
                                   O_WRONLY | O_TRUNC, 0);
  args.insert(args.begin(), binary);
  auto argv = pointers(args);
  auto envs = environment(env);
  auto envp = pointers(envs);
  int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(),
                       envp.data());
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start " << binary);
}

child::~child() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::remove(out_file_.c_str());
  std::remove(err_file_.c_str());
}

std::string child::out() const {
  return read_all(out_file_);
}

std::string child::err() const {
  return read_all(err_file_);
}

run_result child::wait(std::chrono::milliseconds limit) {
  run_result r;
  auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) != pid_) {
    if (std::chrono::steady_clock::now() > until) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      reaped_ = true;
      BOOST_FAIL("the program did not exit; stderr: " << err());
    }
    std::this_thread::sleep_for(10ms);
  }
  reaped_ = true;
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - started_);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = out();
  r.err = err();
  auto secret = amqp_password();
  BOOST_TEST(!has(r.out, secret), "the password is on stdout");
  BOOST_TEST(!has(r.err, secret), "the password is on stderr");
  return r;
}

bool child::wait_for_err(const std::string& text,
                         std::chrono::milliseconds limit) const {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (has(err(), text))
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

run_result run(const std::string& binary, std::vector<std::string> args,
               const std::vector<std::string>& env) {
  child c{binary, std::move(args), env};
  return c.wait();
}

test_topology::test_topology() {
  static std::mt19937_64 random{std::random_device{}()};
  topo.prefix = "test.cli." + std::to_string(::getpid()) + "." +
                std::to_string(random() % 1'000'000'000) + ".";
  admin = connected();
  messaging::declare_topology(admin, topo);
}

test_topology::~test_topology() {
  try {
    if (!admin.is_open())
      admin = connected();
    messaging::delete_topology(admin, topo);
  } catch (const std::exception& e) {
    BOOST_TEST_MESSAGE("cleanup of " << topo.prefix << " failed: " << e.what());
  }
}

std::vector<std::string> test_topology::args() const {
  return {"--topology-prefix", topo.prefix};
}

temp_file::temp_file(const std::string& content) : path(temp_name("file")) {
  std::ofstream out{path};
  out << content;
}

temp_file::~temp_file() {
  std::remove(path.c_str());
}

std::vector<std::string> operator+(std::vector<std::string> a,
                                   const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace ledger::test
