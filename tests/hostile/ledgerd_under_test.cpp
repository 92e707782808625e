#include "tests/hostile/ledgerd_under_test.hpp"

#include "json/document.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <regex>
#include <thread>

namespace ledger::test {

struct ledgerd_under_test::sql {
  explicit sql(const std::string& url) : connection(url) {}
  pqxx::connection connection;
};

ledgerd_under_test::ledgerd_under_test() {
  ledgerd_ = std::make_unique<program>(
    LEDGERD_BINARY,
    std::vector<std::string>{"--database-url", db_.url(), "--http-addr",
                             "127.0.0.1:0", "--no-broker"},
    std::vector<std::pair<std::string, std::string>>{
      {"LEDGER_API_KEYS", hostile_key},
      {"LEDGER_API_KEY_FILE", ""},
      {"LEDGER_READ_REQUIRES_KEY", ""}});
  BOOST_REQUIRE_MESSAGE(ledgerd_->wait_for_output("HTTP on 127.0.0.1:"),
                        ledgerd_->output());
  static const std::regex line{"HTTP on 127\\.0\\.0\\.1:([0-9]+)"};
  std::smatch m;
  auto text = ledgerd_->output();
  BOOST_REQUIRE(std::regex_search(text, m, line));
  port_ = static_cast<unsigned short>(std::stoi(m[1]));
  sql_ = std::make_unique<sql>(db_.url());
  http_client c{port_};
  header_list key{{"X-API-Key", hostile_key}};
  BOOST_REQUIRE_EQUAL(
    c.request("POST", "/v1/ledgers",
              R"({"name": "base", "tickers": ["AAPL"], "algo_path": "x",
                  "interval": "1h", "end": 1, "start": false})",
              key)
      .status,
    201);
  BOOST_REQUIRE_EQUAL(
    c.request("POST", "/v1/ledgers/base/trades",
              R"([{"type": "buy", "ticker": "AAPL", "price": 10,
                   "quantity": 3}])",
              key)
      .status,
    201);
  // The report is committed in the writer's next batch: wait for it, so
  // the fingerprint is stable from here on.
  for (int i = 0;
       i < 250 && fingerprint().find(" | 1 | 1 | 1 |") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  BOOST_REQUIRE_MESSAGE(
    fingerprint().find(" | 1 | 1 | 1 |") != std::string::npos, fingerprint());
}

ledgerd_under_test::~ledgerd_under_test() = default;

bool ledgerd_under_test::alive() {
  if (!ledgerd_->running())
    return false;
  try {
    return http_client{port_}.get("/healthz").status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

std::string ledgerd_under_test::fingerprint() {
  pqxx::nontransaction tx{sql_->connection};
  auto row = tx.exec1(
    "SELECT (SELECT coalesce(string_agg(name || ' ' || status || ' ' ||"
    " balance || ' ' || holdings::text || ' ' || last_tick || ' ' ||"
    " algo_path, '; ' ORDER BY name), '') FROM ledgers),"
    " (SELECT count(*) FROM trades), (SELECT count(*) FROM ticks),"
    " (SELECT count(*) FROM valuations), (SELECT count(*) FROM rejections),"
    " (SELECT count(*) FROM idempotency_keys)");
  std::string out;
  for (const auto& field : row)
    out += std::string{field.c_str()} + " | ";
  return out;
}

std::string ledgerd_under_test::exchange(const std::string& bytes) {
  return raw_exchange(port_, bytes, 5000, true);
}

std::string http_request(const std::string& method, const std::string& target,
                         const std::string& body, const std::string& headers) {
  std::string out =
    method + " " + target + " HTTP/1.1\r\nHost: ledgerd\r\n" + headers;
  if (!body.empty())
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return out + "Connection: close\r\n\r\n" + body;
}

std::string keyed_request(const std::string& method, const std::string& target,
                          const std::string& body) {
  return http_request(method, target, body,
                      std::string{"X-API-Key: "} + hostile_key + "\r\n");
}

int status_of(const std::string& answer) {
  if (answer.size() < 12 || answer.compare(0, 9, "HTTP/1.1 ") != 0)
    return 0;
  return std::atoi(answer.substr(9, 3).c_str());
}

std::string body_of(const std::string& answer) {
  auto blank = answer.find("\r\n\r\n");
  return blank == std::string::npos ? "" : answer.substr(blank + 4);
}

bool is_json_error(const std::string& body) {
  json::document doc;
  if (doc.parse(body) || !doc.root().IsObject())
    return false;
  auto e = doc.root().FindMember("error");
  if (e == doc.root().MemberEnd() || !e->value.IsObject())
    return false;
  auto code = e->value.FindMember("code");
  auto message = e->value.FindMember("message");
  return code != e->value.MemberEnd() && doc.is_text(code->value) &&
         message != e->value.MemberEnd() && doc.is_text(message->value);
}

} // namespace ledger::test
