// The adapter as ledgerd runs it: its options, the key file, the warning
// when no key is set, and a clean stop.

#include "tests/support/http_client.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <unistd.h>

using namespace ledger::test;

namespace {

using env_list = std::vector<std::pair<std::string, std::string>>;

// ledgerd with `args`; the caller's LEDGER_API_* and
// LEDGER_READ_REQUIRES_KEY are blanked (an empty value counts as unset),
// then `env` applies.
program ledgerd(std::vector<std::string> args, env_list env = {}) {
  env_list all{{"LEDGER_API_KEYS", ""},
               {"LEDGER_API_KEY_FILE", ""},
               {"LEDGER_READ_REQUIRES_KEY", ""}};
  all.insert(all.end(), env.begin(), env.end());
  return program{LEDGERD_BINARY, std::move(args), std::move(all)};
}

// The port from "HTTP on 127.0.0.1:PORT".
unsigned short port_of(const program& p) {
  BOOST_REQUIRE_MESSAGE(p.wait_for_output("HTTP on 127.0.0.1:"), p.output());
  static const std::regex line{"HTTP on 127\\.0\\.0\\.1:([0-9]+)"};
  std::smatch m;
  auto text = p.output();
  BOOST_REQUIRE(std::regex_search(text, m, line));
  return static_cast<unsigned short>(std::stoi(m[1]));
}

// SIGTERM, then the exit status.
int stop(program& p) {
  p.signal(SIGTERM);
  return p.wait();
}

} // namespace

BOOST_AUTO_TEST_SUITE(ledgerd_http)

BOOST_AUTO_TEST_CASE(without_a_key_mutations_are_refused_with_a_warning) {
  scratch_database db;
  auto p = ledgerd({"--database-url", db.url(), "--http-addr", "127.0.0.1:0"});
  http_client c{port_of(p)};
  auto out = p.output();
  BOOST_TEST(out.find("warning: no API key is configured") != std::string::npos,
             out);
  BOOST_TEST(out.find("LEDGER_API_KEYS") != std::string::npos);
  auto create = c.get("/create_ledger?name=a&tickerstotrack=AAPL&algo_path=x&"
                      "updatetime=1&end=1",
                      {{"X-API-Key", "anything"}});
  BOOST_TEST(create.status == 401);
  BOOST_TEST(c.get("/view_ledger?name=a").status == 404);
  BOOST_TEST(c.get("/readyz").status == 200);
  BOOST_TEST(stop(p) == 0);
}

BOOST_AUTO_TEST_CASE(keys_from_a_file_and_the_readme_example) {
  scratch_database db;
  char keys[] = "/tmp/ledgerd-keys-XXXXXX";
  int fd = mkstemp(keys);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  const std::string key = "file-key-d41d8cd98f00b204";
  {
    std::ofstream out{keys};
    out << "# keys for the ML team\n" << key << "\n";
  }
  auto p =
    ledgerd({"--database-url", db.url()}, {{"LEDGER_HTTP_ADDR", "127.0.0.1:0"},
                                           {"LEDGER_API_KEY_FILE", keys},
                                           {"LEDGER_READ_REQUIRES_KEY", "1"}});
  http_client c{port_of(p)};
  header_list with_key{{"X-API-Key", key}};
  BOOST_TEST(c.get("/create_ledger?name=krishalgo&tickerstotrack=AAPL,GOOG&"
                   "algo_path=buy_and_hold&updatetime=1&end=100",
                   with_key)
               .status == 200);
  auto update = c.request("PATCH", "/update_ledger",
                          R"({"name": "krishalgo", "trades": [{"type": "buy",
                              "ticker": "AAPL", "price": 176, "quantity": 8}],
                              "holding": {"AAPL": 8, "GOOG": 0}})",
                          with_key);
  BOOST_TEST(update.status == 200, update.body);
  BOOST_TEST(c.get("/view_ledger?name=krishalgo").status == 401);
  auto view = c.get("/view_ledger?name=krishalgo", with_key);
  BOOST_TEST(text_of(view.json(), "balance") == "98592");
  BOOST_TEST(stop(p) == 0);
  std::remove(keys);
  auto out = p.output();
  BOOST_TEST(out.find(key) == std::string::npos, out);
  BOOST_TEST(out.find("reads need a key too") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(a_bad_address_fails_the_start_clearly) {
  scratch_database db;
  auto p = ledgerd({"--database-url", db.url(), "--http-addr", "nowhere"});
  BOOST_TEST(p.wait() == 1);
  BOOST_TEST(p.output().find("127.0.0.1:8080") != std::string::npos,
             p.output());
}

BOOST_AUTO_TEST_SUITE_END()
