// The connection-string helpers are pure: no server needed.

#include "persistence/connection_url.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::persistence;

BOOST_AUTO_TEST_SUITE(connection_url)

BOOST_AUTO_TEST_CASE(finds_the_password_in_both_spellings) {
  BOOST_TEST(password_of("postgresql://ledger:pw@127.0.0.1:5432/ledger") ==
             "pw");
  BOOST_TEST(password_of("postgres://ledger:p%40ss%2Fw@h/db") == "p@ss/w");
  BOOST_TEST(password_of("postgresql://ledger@h/db?password=q%20x") == "q x");
  BOOST_TEST(password_of("postgresql://h/db") == "");
  BOOST_TEST(password_of("host=h user=u password='it\\'s secret'") ==
             "it's secret");
  BOOST_TEST(password_of("host=h password=plain dbname=x") == "plain");
}

BOOST_AUTO_TEST_CASE(redaction_masks_every_spelling) {
  auto url = "postgresql://ledger:p%40ss@127.0.0.1:5432/ledger";
  BOOST_TEST(redact("failed for p@ss and p%40ss", url) ==
             "failed for *** and ***");
  BOOST_TEST(redacted(url) == "postgresql://ledger:***@127.0.0.1:5432/ledger");
  BOOST_TEST(redacted("postgresql://u@h/db?sslmode=off&password=x") ==
             "postgresql://u@h/db?sslmode=off&password=***");
  BOOST_TEST(redacted("host=h password='a b' dbname=d") ==
             "host=h password=*** dbname=d");
  BOOST_TEST(redacted("postgresql://h/db") == "postgresql://h/db");
}

BOOST_AUTO_TEST_CASE(connect_timeout_is_added_unless_set) {
  BOOST_TEST(with_connect_timeout("postgresql://h/db", 5) ==
             "postgresql://h/db?connect_timeout=5");
  BOOST_TEST(with_connect_timeout("postgresql://h/db?sslmode=off", 5) ==
             "postgresql://h/db?sslmode=off&connect_timeout=5");
  BOOST_TEST(with_connect_timeout("postgresql://h/db?connect_timeout=1", 5) ==
             "postgresql://h/db?connect_timeout=1");
  BOOST_TEST(with_connect_timeout("host=h", 5) == "host=h connect_timeout=5");
  BOOST_TEST(with_connect_timeout("host=h connect_timeout=2", 5) ==
             "host=h connect_timeout=2");
}

BOOST_AUTO_TEST_CASE(database_is_swapped) {
  BOOST_TEST(with_database("postgresql://u:p@h:1/ledger?sslmode=off", "t1") ==
             "postgresql://u:p@h:1/t1?sslmode=off");
  BOOST_TEST(with_database("postgresql://u:p@h:1", "t1") ==
             "postgresql://u:p@h:1/t1");
  BOOST_TEST(with_database("postgresql://h/a?dbname=a", "t1") ==
             "postgresql://h/t1?dbname=t1");
  BOOST_TEST(with_database("host=h dbname=a", "t1") ==
             "host=h dbname=a dbname='t1'");
}

BOOST_AUTO_TEST_SUITE_END()
