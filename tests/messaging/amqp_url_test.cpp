#include "messaging/amqp_url.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger::messaging;

namespace {

amqp_url parsed(const std::string& url) {
  auto r = parse_amqp_url(url);
  if (auto why = std::get_if<std::string>(&r))
    BOOST_FAIL("parse failed: " << *why);
  return std::get<amqp_url>(r);
}

std::string error_of(const std::string& url) {
  auto r = parse_amqp_url(url);
  if (auto why = std::get_if<std::string>(&r))
    return *why;
  BOOST_FAIL("expected an error for a bad URL");
  return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(amqp_url_suite)

BOOST_AUTO_TEST_CASE(all_parts) {
  auto u = parsed("amqp://ledger:s3cr%40t@127.0.0.1:55672/ledger");
  BOOST_TEST(u.user == "ledger");
  BOOST_TEST(u.password == "s3cr@t");
  BOOST_TEST(u.host == "127.0.0.1");
  BOOST_TEST(u.port == 55672);
  BOOST_TEST(u.vhost == "ledger");
  BOOST_TEST(u.redacted() == "amqp://ledger@127.0.0.1:55672/ledger");
}

BOOST_AUTO_TEST_CASE(defaults_and_escapes) {
  auto u = parsed("amqp://broker");
  BOOST_TEST(u.user == "guest");
  BOOST_TEST(u.port == 5672);
  BOOST_TEST(u.vhost == "/");
  BOOST_TEST(u.redacted() == "amqp://guest@broker:5672/%2F");
  BOOST_TEST(parsed("amqp://broker/%2F").vhost == "/");
  BOOST_TEST(parsed("amqp://broker/a%20b").vhost == "a b");
  BOOST_TEST(parsed("amqp://broker/").vhost.empty());
  auto v6 = parsed("amqp://u:p@[::1]:5673/v");
  BOOST_TEST(v6.host == "::1");
  BOOST_TEST(v6.redacted() == "amqp://u@[::1]:5673/v");
}

BOOST_AUTO_TEST_CASE(errors_never_repeat_the_url) {
  const std::string secret = "Pa55w0rd-xyz";
  for (std::string url :
       {"amqps://u:" + secret + "@h/v", "http://u:" + secret + "@h/v",
        "amqp://u:" + secret + "@h:notaport/v",
        "amqp://u:" + secret + "@h/v?heartbeat=10",
        "amqp://u:" + secret + "@h/v/w", "amqp://u:" + secret + "@h/%zz",
        std::string{"amqp://u:"} + secret + '\0' + "@h/v"}) {
    BOOST_TEST_CONTEXT(url) {
      auto why = error_of(url);
      BOOST_TEST(!why.empty());
      BOOST_TEST(why.find(secret) == std::string::npos);
    }
  }
  BOOST_TEST(error_of("amqps://h").find("TLS") != std::string::npos);
  // An empty host is rabbitmq-c's default, localhost.
  BOOST_TEST(parsed("amqp://u:p@").host == "localhost");
}

BOOST_AUTO_TEST_SUITE_END()
