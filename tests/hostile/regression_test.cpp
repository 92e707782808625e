// One test per class of the hostile-clients report: each sends the
// reported requests to a real ledgerd and checks the refusal, that the
// process lives, and that nothing changed.

#include "tests/hostile/ledgerd_under_test.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ledger::test;

namespace {

// A chunked request with one data chunk and a trailer field of `size`.
std::string chunked_with_trailer(std::size_t size, bool with_key) {
  std::string body = R"([{"type":"buy","ticker":"AAPL","quantity":1}])";
  char length[16];
  std::snprintf(length, sizeof length, "%zx", body.size());
  return "POST /v1/ledgers/base/trades HTTP/1.1\r\nHost: x\r\n" +
         std::string{
           with_key ? std::string{"X-API-Key: "} + hostile_key + "\r\n" : ""} +
         "Transfer-Encoding: chunked\r\n\r\n" + length + "\r\n" + body +
         "\r\n0\r\nX-Trailer: " + std::string(size, 't') + "\r\n\r\n";
}

// Sends each request and checks a 4xx JSON error, the process alive and
// the database unchanged.
void all_refused(ledgerd_under_test& d,
                 const std::vector<std::string>& requests, int expected = 0) {
  auto before = d.fingerprint();
  for (auto& r : requests) {
    auto answer = d.exchange(r);
    auto status = status_of(answer);
    if (expected != 0)
      BOOST_TEST(status == expected, r.substr(0, 160) << "\n-> " << answer);
    else
      BOOST_TEST((status >= 400 && status < 500), r.substr(0, 160)
                                                    << "\n-> " << answer);
    BOOST_TEST(is_json_error(body_of(answer)), answer);
    BOOST_TEST_REQUIRE(d.alive(), "ledgerd died after: " << r.substr(0, 160));
    BOOST_TEST(d.fingerprint() == before, r.substr(0, 160));
  }
}

std::string create_body(const std::string& name, const std::string& tickers,
                        const std::string& algo, const std::string& interval,
                        const std::string& end) {
  return "{\"name\": " + name + ", \"tickers\": " + tickers +
         ", \"algo_path\": " + algo + ", \"interval\": " + interval +
         ", \"end\": " + end + "}";
}

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_regressions)

BOOST_AUTO_TEST_CASE(a_huge_trailer_is_refused_and_the_server_lives) {
  ledgerd_under_test d;
  auto before = d.fingerprint();
  // 100 KB used to abort the process (a field over 64 KiB throws inside
  // Beast); 60 KB and 9 KB used to pass the 8 KiB header limit.
  for (std::size_t size : {100'000u, 60'000u, 9'000u}) {
    auto answer = d.exchange(chunked_with_trailer(size, true));
    BOOST_TEST(status_of(answer) == 431, size << " -> " << answer);
    BOOST_TEST(is_json_error(body_of(answer)));
    BOOST_TEST_REQUIRE(d.alive());
  }
  BOOST_TEST(d.fingerprint() == before);
  // Without a key the body is never read: 401 at once.
  auto anonymous = d.exchange(chunked_with_trailer(100'000, false));
  BOOST_TEST(status_of(anonymous) == 401, anonymous);
  BOOST_TEST_REQUIRE(d.alive());
  // A small trailer is fine: the trade is reported.
  auto small = d.exchange(chunked_with_trailer(10, true));
  BOOST_TEST(status_of(small) == 201, small);
}

BOOST_AUTO_TEST_CASE(ambiguous_framing_is_refused_and_the_rest_never_runs) {
  ledgerd_under_test d;
  auto before = d.fingerprint();
  // The hidden request would create a ledger if it were read as one.
  auto hidden = keyed_request("POST", "/v1/ledgers",
                              R"({"name": "smuggled", "tickers": ["AAPL"],
                      "algo_path": "x", "interval": "1h", "end": 1})");
  for (std::string coding : {"xchunked", "identity", "chunked, identity",
                             "gzip, chunked", "chunked, chunked"}) {
    std::string body = "0\r\n\r\n" + hidden;
    auto request = "POST /v1/ledgers/base/trades HTTP/1.1\r\nHost: x\r\n"
                   "X-API-Key: " +
                   std::string{hostile_key} +
                   "\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\nTransfer-Encoding: " + coding + "\r\n\r\n" + body;
    auto answer = d.exchange(request);
    BOOST_TEST(status_of(answer) == 400, coding << " -> " << answer);
    BOOST_TEST(answer.find("HTTP/1.1", 9) == std::string::npos,
               "a second answer followed: " << answer);
    BOOST_TEST(answer.find("Connection: close") != std::string::npos, answer);
    BOOST_TEST_REQUIRE(d.alive());
  }
  // Transfer-Encoding alone, with a coding other than chunked.
  for (std::string coding : {"identity", "xchunked", "chunked, identity"}) {
    auto answer =
      d.exchange("POST /v1/ledgers HTTP/1.1\r\nHost: x\r\nX-API-Key: " +
                 std::string{hostile_key} + "\r\nTransfer-Encoding: " + coding +
                 "\r\n\r\n" + hidden);
    BOOST_TEST(status_of(answer) == 400, coding << " -> " << answer);
    BOOST_TEST(answer.find("HTTP/1.1", 9) == std::string::npos, answer);
  }
  // Two Content-Length headers.
  auto twice =
    d.exchange("POST /v1/ledgers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
               "Content-Length: 4\r\n\r\n{}" +
               hidden);
  BOOST_TEST(status_of(twice) == 400, twice);
  BOOST_TEST(d.fingerprint() == before);
  BOOST_TEST(http_client{d.port()}.get("/v1/ledgers/smuggled").status == 404);
}

BOOST_AUTO_TEST_CASE(a_nul_never_cuts_a_value_short) {
  ledgerd_under_test d;
  auto ok_tickers = std::string{R"(["AAPL"])"};
  all_refused(
    d,
    {
      keyed_request("POST", "/v1/ledgers",
                    create_body(R"("abc\u0000../../x")", ok_tickers, R"("x")",
                                R"("1h")", "1")),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("n1")", ok_tickers, R"("x")", R"("1h\u0000junk")", "1")),
      keyed_request("POST", "/v1/ledgers",
                    create_body(R"("n2")", ok_tickers, R"("x")", R"("1h")",
                                R"("1\u0000junk")")),
      keyed_request("POST", "/v1/ledgers",
                    create_body(R"("n3")", ok_tickers,
                                R"("buy_and_hold\u0000/../../etc")", R"("1h")",
                                "1")),
      keyed_request("POST", "/v1/ledgers/base/trades",
                    R"([{"type":"buy\u0000x","ticker":"AAPL","quantity":1}])"),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("n4")", ok_tickers, R"("x")", R"("1h")", "1") +
          std::string("\0junk", 5)),
      keyed_request("PATCH", "/update_ledger",
                    R"({"name":"base\u0000x","trades":[],"holding":{}})"),
      keyed_request("GET", "/create_ledger?name=abc%00x&tickerstotrack=AAPL&"
                           "algo_path=x&updatetime=1&end=1"),
    },
    400);
}

BOOST_AUTO_TEST_CASE(every_field_has_its_json_type) {
  ledgerd_under_test d;
  all_refused(
    d,
    {
      keyed_request(
        "POST", "/v1/ledgers",
        create_body("11411892119", R"(["AAPL"])", R"("x")", R"("1h")", "1")),
      keyed_request("POST", "/v1/ledgers",
                    create_body(R"("t1")", "[1]", R"("x")", R"("1h")", "1")),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("t2")", R"(["AAPL"])", "12345", R"("1h")", "1")),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("t3")", R"(["AAPL"])", R"("x")", "3600", "1")),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("t4")", R"("AAPL")", R"("x")", R"("1h")", "1")),
      keyed_request(
        "POST", "/v1/ledgers",
        create_body(R"("t5")", R"(["AAPL"])", R"("x")", R"("1h")", "1")
          .insert(1, R"("start": "yes", )")),
      keyed_request("POST", "/v1/ledgers/base/trades",
                    R"([{"type":"buy","ticker":5,"quantity":1}])"),
      keyed_request("POST", "/v1/ledgers/base/trades",
                    R"([{"type":"buy","ticker":"AAPL","quantity":"1"}])"),
      keyed_request("PATCH", "/update_ledger",
                    R"({"name":11,"trades":[],"holding":{}})"),
      keyed_request("PATCH", "/update_ledger",
                    R"({"name":"base","trades":[],"holding":{"AAPL":"3"}})"),
    },
    400);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_client_error_never_an_outage) {
  ledgerd_under_test d;
  std::vector<std::string> requests;
  for (std::string algo : {"\"\xff\xfe\"", "\"\xc0\xaf\"", "\"a\xed\xa0\x80\"",
                           R"("\udc00")", R"("\ud800x")"})
    requests.push_back(keyed_request(
      "POST", "/v1/ledgers",
      create_body(R"("u1")", R"(["AAPL"])", algo, R"("1h")", "1")));
  requests.push_back(keyed_request("GET",
                                   "/create_ledger?name=u2&"
                                   "tickerstotrack=AAPL&algo_path=%ff%fe&"
                                   "updatetime=1&end=1"));
  requests.push_back(keyed_request("GET",
                                   "/create_ledger?name=u3&"
                                   "tickerstotrack=AAPL&algo_path=%c0%af&"
                                   "updatetime=1&end=1"));
  all_refused(d, requests, 400);
  // The database was never asked, so it never looked away.
  http_client c{d.port()};
  BOOST_TEST(c.get("/readyz").status == 200);
  // An error that echoes bad bytes is still valid JSON.
  auto echo = d.exchange(
    keyed_request("POST", "/v1/ledgers", "{\"\xff\xfe\": 1, \"name\": \"x\"}"));
  BOOST_TEST(status_of(echo) == 400);
  BOOST_TEST(is_json_error(body_of(echo)), echo);
  auto target = d.exchange(http_request("GET", "/v1/ledgers/%ff%fe/stats"));
  BOOST_TEST((status_of(target) >= 400 && status_of(target) < 500), target);
  BOOST_TEST(is_json_error(body_of(target)), target);
}

BOOST_AUTO_TEST_CASE(algo_paths_that_leave_the_root_are_refused) {
  ledgerd_under_test d;
  std::vector<std::string> requests;
  for (std::string path : {"/etc/passwd", "/", "..", "../../../../etc/passwd",
                           "a/../../b", "./../x"}) {
    requests.push_back(
      keyed_request("POST", "/v1/ledgers",
                    create_body(R"("p1")", R"(["AAPL"])", "\"" + path + "\"",
                                R"("1h")", "1")));
    std::string encoded;
    for (char ch : path) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(ch));
      encoded += hex;
    }
    requests.push_back(keyed_request(
      "GET", "/create_ledger?name=p2&tickerstotrack=AAPL&algo_path=" + encoded +
               "&updatetime=1&end=1"));
  }
  all_refused(d, requests, 400);
}

BOOST_AUTO_TEST_CASE(dates_head_and_duplicate_keys) {
  ledgerd_under_test d;
  all_refused(
    d,
    {
      http_request("GET", "/v1/ledgers/base/history?from=2026-02-30T00:00:00Z"),
      http_request("GET", "/v1/ledgers/base/history?to=2026-13-01T00:00:00Z"),
      http_request("GET", "/v1/ledgers/base/history?from=2100-02-29T00:00:00Z"),
      keyed_request("POST", "/v1/ledgers",
                    R"({"name": "d1", "name": "d2", "tickers": ["AAPL"],
                        "algo_path": "x", "interval": "1h", "end": 1})"),
      keyed_request("PATCH", "/update_ledger",
                    R"({"name": "base", "trades": [], "trades": [],
                        "holding": {}})"),
      keyed_request("POST", "/v1/ledgers/base/trades",
                    R"([{"type":"buy","type":"sell","ticker":"AAPL",
                         "quantity":1}])"),
      keyed_request("PATCH", "/update_ledger",
                    R"({"name": "base", "trades": [],
                        "holding": {"AAPL": 3, "AAPL": 4}})"),
    },
    400);
  // HEAD: the headers of GET, Content-Length included, and no body.
  auto head = d.exchange(http_request("HEAD", "/v1/ledgers/base"));
  auto get = d.exchange(http_request("GET", "/v1/ledgers/base"));
  BOOST_TEST(status_of(head) == 200, head);
  BOOST_TEST(body_of(head).empty(), head);
  auto length = "Content-Length: " + std::to_string(body_of(get).size());
  BOOST_TEST(head.find(length) != std::string::npos, head << "\n" << length);
  auto missing = d.exchange(http_request("HEAD", "/v1/ledgers/nobody"));
  BOOST_TEST(status_of(missing) == 404);
  BOOST_TEST(body_of(missing).empty());
}

BOOST_AUTO_TEST_SUITE_END()
