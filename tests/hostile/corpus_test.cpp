// The hostile corpus against a real ledgerd: every case refused with a 4xx
// JSON error, the process alive and the database unchanged after each.

#include "tests/hostile/corpus.hpp"
#include "tests/hostile/ledgerd_under_test.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <regex>
#include <string>

using namespace ledger::test;

BOOST_AUTO_TEST_SUITE(hostile_corpus_suite)

BOOST_AUTO_TEST_CASE(every_case_is_refused_and_changes_nothing) {
  ledgerd_under_test d;
  auto cases = hostile_corpus(hostile_key);
  BOOST_TEST_MESSAGE("hostile corpus: " << cases.size() << " cases");
  BOOST_TEST(cases.size() >= 200u);
  auto before = d.fingerprint();
  for (auto& c : cases) {
    auto answer = d.exchange(c.request);
    auto status = status_of(answer);
    BOOST_TEST((status >= 400 && status < 500),
               c.name << ": status " << status << "\n"
                      << answer.substr(0, 300));
    BOOST_TEST(is_json_error(body_of(answer)),
               c.name << ": not a JSON error: " << answer.substr(0, 300));
    BOOST_TEST_REQUIRE(d.alive(), "ledgerd died after " << c.name << "\n"
                                                        << d.output());
    auto now = d.fingerprint();
    BOOST_TEST_REQUIRE(now == before, c.name << " changed the database:\n"
                                             << before << "\n"
                                             << now);
  }
  // Nothing ledgerd printed meanwhile holds a secret: the API key every
  // keyed case carried, or the database password it connects with.
  auto log = d.output();
  BOOST_TEST(log.find(hostile_key) == std::string::npos);
  std::smatch password;
  const char* given = std::getenv("LEDGER_DATABASE_URL");
  std::string url = given ? given : "";
  if (std::regex_search(url, password, std::regex{"://[^:/@]+:([^@]+)@"}))
    BOOST_TEST(log.find(password[1].str()) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
