// ledgerd as a program: --help, a clean start and stop against a scratch
// database, and a clear failure (without the password) when the database
// cannot be reached.

#include "persistence/store.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <string>

using ledger::test::program;

BOOST_AUTO_TEST_SUITE(ledgerd_program)

BOOST_AUTO_TEST_CASE(help_lists_the_options) {
  program p{LEDGERD_BINARY, {"--help"}};
  BOOST_TEST(p.wait() == 0);
  auto text = p.output();
  for (auto option :
       {"--database-url", "--model-deadline", "--batch-size", "--batch-delay",
        "--queue-capacity", "--migrate-only", "--http-addr", "--api-keys",
        "--api-key-file", "--read-requires-key", "--amqp-url", "--stop-timeout",
        "--topology-prefix", "--no-broker"})
    BOOST_TEST(text.find(option) != std::string::npos, option);
  program bad{LEDGERD_BINARY, {"--no-such-option"}};
  BOOST_TEST(bad.wait() == 2);
  BOOST_TEST(bad.output().find("unknown option --no-such-option") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(starts_recovers_and_stops_on_sigterm) {
  ledger::test::scratch_database db;
  program p{LEDGERD_BINARY,
            {"--database-url", db.url(), "--http-addr", "127.0.0.1:0"}};
  BOOST_REQUIRE_MESSAGE(p.wait_for_output("recovered 0 ledgers"), p.output());
  p.signal(SIGTERM);
  BOOST_TEST(p.wait() == 0, p.output());
  ledger::persistence::store s{db.url()};
  BOOST_TEST(s.migrate() == ledger::persistence::store::known_schema_version());
}

// A zero that turns a spacing off is accepted with or without a unit; a
// value that is neither zero nor a duration is refused before anything
// starts, naming the option.
BOOST_AUTO_TEST_CASE(zero_durations_are_accepted_with_a_unit_and_nonsense_is_not) {
  ledger::test::scratch_database db;
  program p{LEDGERD_BINARY,
            {"--database-url", db.url(), "--http-addr", "127.0.0.1:0",
             "--batch-delay", "0ms", "--events-retain-for", "0s"}};
  BOOST_REQUIRE_MESSAGE(p.wait_for_output("recovered 0 ledgers"), p.output());
  p.signal(SIGTERM);
  BOOST_TEST(p.wait() == 0, p.output());

  program bad{LEDGERD_BINARY,
              {"--database-url", db.url(), "--batch-delay", "0 apples"}};
  BOOST_TEST(bad.wait() != 0);
  BOOST_TEST(bad.output().find("--batch-delay must be 0 or look like 500ms") !=
               std::string::npos,
             bad.output());
}

BOOST_AUTO_TEST_CASE(an_unreachable_database_fails_clearly_without_secrets) {
  program p{
    LEDGERD_BINARY,
    {"--database-url", "postgresql://ledger:s3cret-pw@127.0.0.1:1/ledger"}};
  BOOST_TEST(p.wait() == 1);
  auto text = p.output();
  BOOST_TEST(text.find("cannot reach the database") != std::string::npos, text);
  BOOST_TEST(text.find("s3cret-pw") == std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
