// The connection-string helpers are pure: no server needed. libpq parses;
// these tests pin down what comes back out.

#include "persistence/connection_url.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

using namespace ledger::persistence;
using namespace std::string_literals;

namespace {

// The message of the std::invalid_argument `f` throws, or "" if none.
template <class F>
std::string refusal(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(connection_url)

BOOST_AUTO_TEST_CASE(a_url_is_rebuilt_from_what_libpq_decoded) {
  // Every value moves to the query string, %-escaped where needed; libpq
  // decoded "p%40ss%2Fw" to "p@ss/w" and the "[::1]" brackets away.
  BOOST_TEST(
    with_connect_timeout("postgres://ledger:p%40ss%2Fw@[::1]:5432/db", 5) ==
    "postgresql://?connect_timeout=5&dbname=db&host=%3A%3A1"
    "&password=p%40ss%2Fw&port=5432&user=ledger");
  BOOST_TEST(redacted("postgresql://u:p%40ss@h:1/db?sslmode=disable") ==
             "postgresql://?dbname=db&host=h&password=***&port=1"
             "&sslmode=disable&user=u");
  // The query string's password overrides the user info's, as in libpq.
  BOOST_TEST(redacted("postgresql://u:old@h/db?password=new%20pw") ==
             "postgresql://?dbname=db&host=h&password=***&user=u");
  BOOST_TEST(redacted("postgresql://h/db") == "postgresql://?dbname=db&host=h");
}

BOOST_AUTO_TEST_CASE(keyword_value_pairs_stay_keyword_value_pairs) {
  BOOST_TEST(
    with_connect_timeout("host=h user=u password='it\\'s a \\\\'", 5) ==
    "connect_timeout=5 host=h password='it\\'s a \\\\' user=u");
  BOOST_TEST(redacted("host=h password='a b' dbname=d") ==
             "dbname=d host=h password=***");
  BOOST_TEST(with_database("host=h dbname=a", "") == "dbname='' host=h");
  BOOST_TEST(with_connect_timeout("", 5) == "connect_timeout=5");
}

BOOST_AUTO_TEST_CASE(a_set_connect_timeout_is_kept) {
  BOOST_TEST(with_connect_timeout("postgresql://h/db?connect_timeout=1", 5) ==
             "postgresql://?connect_timeout=1&dbname=db&host=h");
  BOOST_TEST(with_connect_timeout("host=h connect_timeout=2", 5) ==
             "connect_timeout=2 host=h");
}

BOOST_AUTO_TEST_CASE(the_database_is_swapped) {
  BOOST_TEST(
    with_database("postgresql://u:p@h:1/ledger?sslmode=disable", "t 1") ==
    "postgresql://?dbname=t%201&host=h&password=p&port=1"
    "&sslmode=disable&user=u");
  BOOST_TEST(with_database("postgresql://h", "t1") ==
             "postgresql://?dbname=t1&host=h");
  // A dbname in the query overrides the path: only one survives parsing.
  BOOST_TEST(with_database("postgresql://h/a?dbname=b", "t1") ==
             "postgresql://?dbname=t1&host=h");
  BOOST_TEST(with_database("host=h dbname=a dbname=b", "t1") ==
             "dbname=t1 host=h");
}

BOOST_AUTO_TEST_CASE(what_comes_out_parses_back_to_the_same) {
  // Quotes, backslashes, '%', '&', '=' and spaces survive both spellings:
  // the database name read back from `named` is spelled as `hard` was.
  std::string hard = "a'b\\c%d&e=f g";
  for (std::string given : {"postgresql://u@h/db", "host=h user=u"}) {
    auto named = with_database(given, hard);
    BOOST_TEST(with_connect_timeout(named, 9) ==
               with_database(with_connect_timeout(given, 9), hard));
  }
}

BOOST_AUTO_TEST_CASE(redaction_masks_the_password_as_decoded_and_as_written) {
  auto url = with_connect_timeout("postgresql://ledger:p%40ss@h:5432/db", 5);
  BOOST_TEST(redact("failed for p@ss, p%40ss", url) == "failed for ***, ***");
  BOOST_TEST(redact(url, url) == redacted(url)); // the string libpq gets
  auto pairs = "host=h password='it\\'s'";
  BOOST_TEST(redact("said it's, wrote 'it\\'s'", pairs) ==
             "said ***, wrote ***");
  BOOST_TEST(redact("nothing to hide", "host=h") == "nothing to hide");
}

BOOST_AUTO_TEST_CASE(a_malformed_string_is_refused_without_the_password) {
  // libpq echoes the token it choked on: here, the password.
  auto why = refusal([] { redacted("postgresql://u:hunter2%zz@h/db"); });
  BOOST_TEST_MESSAGE(why);
  BOOST_TEST(why == "malformed database connection string: invalid "
                    "percent-encoded token: \"...\"");
  // An unquoted space ends the password; libpq trips over the rest.
  why = refusal([] { with_database("host=h password=hunter2 Sekrit", "d"); });
  BOOST_TEST(why == "malformed database connection string: missing \"=\" "
                    "after \"...\" in connection info string");
  // A password with quotes of its own is masked whole.
  why = refusal([] { redact("x", "postgresql://u:a\": \"b%zz@h/db"); });
  BOOST_TEST(why == "malformed database connection string: invalid "
                    "percent-encoded token: \"...\"");
  why = refusal([] { with_connect_timeout("host=h sslmode=x ssl=y", 5); });
  BOOST_TEST(why == "malformed database connection string: invalid "
                    "connection option \"...\"");
  BOOST_TEST(!refusal([] { redacted("host=h password='open"); }).empty());
  BOOST_TEST(!refusal([] { redacted("host=h\0 password=x"s); }).empty());
}

BOOST_AUTO_TEST_SUITE_END()
