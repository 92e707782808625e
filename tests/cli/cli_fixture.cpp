#include "tests/cli/cli_fixture.hpp"

#include "messaging/amqp_url.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <unistd.h>

namespace ledger::test {

namespace {

std::string temp_name(const char* what) {
  std::string name = std::string{"/tmp/cli-test-"} + what + "-XXXXXX";
  int fd = mkstemp(name.data());
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  return name;
}

} // namespace

run_result finish(program& p, std::chrono::milliseconds limit) {
  run_result r;
  r.status = p.wait(limit);
  r.out = p.output();
  r.err = p.error_output();
  BOOST_REQUIRE_MESSAGE(r.status >= 0,
                        "the program did not exit; stderr: " << r.err);
  auto secret = amqp_password();
  BOOST_TEST(!has(r.out, secret), "the password is on stdout");
  BOOST_TEST(!has(r.err, secret), "the password is on stderr");
  return r;
}

run_result run(const std::string& binary, std::vector<std::string> args,
               const program::env_list& env) {
  auto started = std::chrono::steady_clock::now();
  program p{binary, std::move(args), env, program::stderr_to::own_file};
  auto r = finish(p);
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - started);
  return r;
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
