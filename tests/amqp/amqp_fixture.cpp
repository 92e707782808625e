#include "tests/amqp/amqp_fixture.hpp"

#include "messaging/amqp_url.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <random>
#include <unistd.h>

namespace ledger::test {

using namespace messaging;

std::string amqp_url() {
  const char* url = std::getenv("LEDGER_AMQP_URL");
  BOOST_REQUIRE_MESSAGE(url && *url,
                        "LEDGER_AMQP_URL is not set: start the servers with "
                        "`deploy/services.sh up` and then run "
                        "`eval \"$(deploy/services.sh env)\"`");
  return url;
}

namespace {

// Splits amqp://user:password@rest into its pieces; the tests' URLs are
// the simple ones deploy/ writes.
struct url_parts {
  std::string user, password, host_port, vhost;
};

url_parts split(const std::string& url) {
  url_parts p;
  auto start = url.find("://") + 3;
  auto at = url.rfind('@');
  BOOST_REQUIRE(at != std::string::npos && at > start);
  auto colon = url.find(':', start);
  BOOST_REQUIRE(colon != std::string::npos && colon < at);
  p.user = url.substr(start, colon - start);
  p.password = url.substr(colon + 1, at - colon - 1);
  auto slash = url.find('/', at);
  p.host_port = url.substr(at + 1, slash - at - 1);
  p.vhost = slash == std::string::npos ? "" : url.substr(slash + 1);
  return p;
}

std::string join(const url_parts& p) {
  return "amqp://" + p.user + ":" + p.password + "@" + p.host_port + "/" +
         p.vhost;
}

} // namespace

std::string amqp_password() {
  auto parsed = parse_amqp_url(amqp_url());
  BOOST_REQUIRE(std::holds_alternative<messaging::amqp_url>(parsed));
  return std::get<messaging::amqp_url>(parsed).password;
}

std::string amqp_url_with_password(const std::string& password) {
  auto p = split(amqp_url());
  p.password = password;
  return join(p);
}

std::string amqp_url_with_vhost(const std::string& vhost) {
  auto p = split(amqp_url());
  p.vhost = vhost;
  return join(p);
}

std::string unique_prefix() {
  static std::mt19937_64 random{std::random_device{}()};
  return "test." + std::to_string(::getpid()) + "." +
         std::to_string(random() % 1'000'000'000) + ".";
}

amqp_connection connected() {
  amqp_connection c;
  connect_options o;
  o.name = "amqp_tests";
  c.connect(amqp_url(), o);
  return c;
}

envelope expect_delivery(amqp_connection& c,
                         std::chrono::milliseconds timeout) {
  auto e = c.poll(timeout);
  BOOST_REQUIRE_MESSAGE(e.has_value(),
                        "no delivery within " << timeout.count() << " ms");
  return std::move(*e);
}

std::vector<envelope> drain(amqp_connection& c,
                            std::chrono::milliseconds quiet) {
  std::vector<envelope> out;
  while (auto e = c.poll(quiet))
    out.push_back(std::move(*e));
  return out;
}

scratch_topology::scratch_topology() {
  topo.prefix = unique_prefix();
  topo.temporary = std::chrono::minutes{2};
  admin = connected();
  declare_topology(admin, topo);
}

scratch_topology::~scratch_topology() {
  try {
    if (!admin.is_open())
      admin = connected();
    delete_topology(admin, topo);
  } catch (const std::exception& e) {
    // Expiring queues and auto-delete exchanges clean up after us anyway.
    BOOST_TEST_MESSAGE("cleanup of " << topo.prefix << " failed: " << e.what());
  }
}

} // namespace ledger::test
