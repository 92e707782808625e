// spawn_engine refuses settings it cannot run, before spawning anything,
// with a sentence that never repeats a password.

#include "actors/engine.hpp"
#include "actors/errors.hpp"
#include "actors/inprocess_gateway.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/actor_system_config.hpp>

using namespace ledger;

namespace {

struct quiet_system {
  quiet_system() { cfg.set("logger.file-verbosity", caf::atom("quiet")); }
  caf::actor_system_config cfg;
};

struct system_fixture : quiet_system {
  caf::actor_system sys{cfg};
};

algo_reply nothing(const algo_request&) {
  return {};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(spawn_engine_settings, system_fixture)

BOOST_AUTO_TEST_CASE(an_engine_needs_exactly_one_gateway) {
  engine_settings none;
  auto without = spawn_engine(sys, none);
  BOOST_REQUIRE(!without);
  BOOST_TEST(code_of(without.error()) ==
             static_cast<std::uint8_t>(ec::invalid_config));
  BOOST_TEST(message_of(without.error()).find("exactly one gateway") !=
             std::string::npos);

  engine_settings both;
  both.broker = broker_settings{};
  both.broker->url = "amqp://ledger@127.0.0.1:1/ledger";
  both.make_gateway = [](caf::actor_system& s) {
    return s.spawn(inprocess_gateway, inprocess_algorithm{nothing});
  };
  auto twice = spawn_engine(sys, both);
  BOOST_REQUIRE(!twice);
  BOOST_TEST(code_of(twice.error()) ==
             static_cast<std::uint8_t>(ec::invalid_config));
}

BOOST_AUTO_TEST_CASE(
  a_broker_url_that_cannot_work_is_refused_without_its_password) {
  for (auto url : {"amqps://u:s3cret-pw@h/v", "http://u:s3cret-pw@h/v",
                   "amqp://u:s3cret-pw@h:port/v"}) {
    engine_settings s;
    s.broker = broker_settings{};
    s.broker->url = url;
    auto e = spawn_engine(sys, s);
    BOOST_REQUIRE_MESSAGE(!e, url);
    BOOST_TEST(code_of(e.error()) ==
               static_cast<std::uint8_t>(ec::invalid_config));
    auto text = message_of(e.error());
    BOOST_TEST(text.find("amqp") != std::string::npos);
    BOOST_TEST(text.find("s3cret-pw") == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
