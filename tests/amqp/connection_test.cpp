// Connecting, failing to, and coming back: no error ever shows a password.

#include "messaging/reconnect.hpp"
#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// The amqp_error of connecting to `url`; fails the test if it connects.
std::string connect_error(const std::string& url,
                          connect_options options = {}) {
  amqp_connection c;
  try {
    c.connect(url, options);
  } catch (const amqp_error& e) {
    BOOST_TEST(!c.is_open());
    return e.what();
  }
  BOOST_FAIL("connected to a URL that should fail");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(amqp_connection_suite)

BOOST_AUTO_TEST_CASE(connects_and_counts_epochs) {
  amqp_connection c;
  BOOST_TEST(!c.is_open());
  BOOST_TEST(c.epoch() == 0u);
  c.connect(amqp_url());
  BOOST_TEST(c.is_open());
  BOOST_TEST(c.epoch() == 1u);
  BOOST_TEST(!contains(c.redacted_url(), amqp_password()));
  BOOST_TEST(contains(c.redacted_url(), "amqp://"));
  c.connect(amqp_url()); // closes the first
  BOOST_TEST(c.epoch() == 2u);
  c.close();
  BOOST_TEST(!c.is_open());
  c.close(); // twice is harmless
  BOOST_CHECK_THROW(c.poll(10ms), amqp_error);
}

BOOST_AUTO_TEST_CASE(wrong_password) {
  const std::string wrong = "wrong-Secret-93271";
  auto why = connect_error(amqp_url_with_password(wrong));
  BOOST_TEST_MESSAGE(why);
  BOOST_TEST(contains(why, "login"));
  BOOST_TEST(contains(why, "ACCESS_REFUSED"));
  BOOST_TEST(!contains(why, wrong));
  BOOST_TEST(!contains(why, amqp_password()));
}

BOOST_AUTO_TEST_CASE(unknown_vhost) {
  auto why = connect_error(amqp_url_with_vhost("no-such-vhost-31337"));
  BOOST_TEST_MESSAGE(why);
  BOOST_TEST(contains(why, "no-such-vhost-31337"));
  BOOST_TEST(!contains(why, amqp_password()));
}

BOOST_AUTO_TEST_CASE(unreachable_broker) {
  connect_options quick;
  quick.timeout = 2s;
  auto url = "amqp://ledger:" + amqp_password() + "@127.0.0.1:1/ledger";
  auto why = connect_error(url, quick);
  BOOST_TEST_MESSAGE(why);
  BOOST_TEST(contains(why, "cannot reach the broker"));
  BOOST_TEST(!contains(why, amqp_password()));
}

BOOST_AUTO_TEST_CASE(bad_urls) {
  auto why = connect_error("amqps://ledger:" + amqp_password() + "@h/v");
  BOOST_TEST(contains(why, "TLS"));
  BOOST_TEST(!contains(why, amqp_password()));
  why = connect_error("postgresql://ledger:" + amqp_password() + "@h/v");
  BOOST_TEST(!contains(why, amqp_password()));
}

// A channel error (publishing to an exchange that does not exist) ends the
// connection with an amqp_error; connect_with_retry brings it back.
BOOST_AUTO_TEST_CASE(channel_error_then_reconnect) {
  auto c = connected();
  auto missing = unique_prefix() + "missing";
  try {
    c.publish_confirmed(missing, "x", "{}");
    BOOST_FAIL("publishing to a missing exchange succeeded");
  } catch (const amqp_error& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(contains(e.what(), "404"));
    BOOST_TEST(contains(e.what(), "NOT_FOUND"));
  }
  BOOST_TEST(!c.is_open());
  BOOST_CHECK_THROW(c.publish("", "x", "{}"), amqp_error);

  std::atomic<bool> stop{false};
  int setups = 0;
  BOOST_TEST(connect_with_retry(
    c, amqp_url(), [&](amqp_connection&) { ++setups; }, stop));
  BOOST_TEST(c.is_open());
  BOOST_TEST(setups == 1);
  BOOST_TEST(c.epoch() == 2u);
}

BOOST_AUTO_TEST_CASE(retry_stops_when_asked) {
  auto url = "amqp://ledger:" + amqp_password() + "@127.0.0.1:1/ledger";
  std::atomic<bool> stop{false};
  std::vector<std::string> errors;
  std::thread stopper{[&] {
    std::this_thread::sleep_for(700ms);
    stop = true;
  }};
  amqp_connection c;
  auto start = std::chrono::steady_clock::now();
  bool connected_ = connect_with_retry(
    c, url, {}, stop, [&](const std::string& e) { errors.push_back(e); });
  auto took = std::chrono::steady_clock::now() - start;
  stopper.join();
  BOOST_TEST(!connected_);
  BOOST_TEST(!c.is_open());
  // 100 + 200 + 400 ms of backoff fit in 700 ms: at least three attempts.
  BOOST_TEST(errors.size() >= 3u);
  BOOST_TEST((took < 3s));
  for (auto& e : errors)
    BOOST_TEST(!contains(e, amqp_password()));
}

// A setup that fails (here: a conflicting redeclaration) counts as a failed
// attempt; the connection is retried, not left half set up.
BOOST_AUTO_TEST_CASE(failing_setup_is_retried) {
  scratch_topology scratch;
  std::atomic<bool> stop{false};
  int attempts = 0;
  amqp_connection c;
  bool ok = connect_with_retry(
    c, amqp_url(),
    [&](amqp_connection& conn) {
      ++attempts;
      queue_options conflicting; // the scratch queues have x-expires
      if (attempts == 1)
        conn.declare_queue(scratch.topo.commands_queue(), conflicting);
    },
    stop, {}, {}, backoff{10ms});
  BOOST_TEST(ok);
  BOOST_TEST(attempts == 2);
  BOOST_TEST(c.is_open());
}

BOOST_AUTO_TEST_SUITE_END()
