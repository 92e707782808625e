// Bad input gets one clear sentence back, never an exception or a crash.

#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/codec_trade.hpp"
#include "messaging/wire_message.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger;
using namespace ledger::messaging;

namespace {

template <class T>
std::string error_of(const decoded<T>& d) {
  if (auto why = std::get_if<std::string>(&d))
    return *why;
  BOOST_FAIL("expected an error, but it decoded");
  return {};
}

// A reply that decodes as a bad_output error reply; returns its message.
std::string bad_output_of(const std::string& body) {
  auto d = decode_trade_reply(body);
  if (auto why = std::get_if<std::string>(&d))
    BOOST_FAIL("expected a bad_output reply, got the error: " << *why);
  auto& r = std::get<algo_reply>(d);
  BOOST_TEST(r.ledger == "demo");
  BOOST_TEST(r.tick == 3);
  BOOST_TEST((r.error == algo_failure::bad_output));
  BOOST_TEST(r.orders.empty());
  return r.error_message;
}

std::string reply_with_trades(const std::string& trades) {
  return R"({"v":1,"ledger":"demo","tick":3,"trades":)" + trades + "}";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::string quote_body =
  R"({"v":1,"ticker":"AAPL","price":176.25,"time":"2010-03-01T00:00:00Z"})";

} // namespace

BOOST_AUTO_TEST_SUITE(codec_bad_input)

BOOST_AUTO_TEST_CASE(version) {
  BOOST_TEST(
    contains(error_of(decode_quote(R"({"ticker":"AAPL"})")), "missing \"v\""));
  BOOST_TEST(contains(error_of(decode_quote(R"({"v":2,"ticker":"AAPL"})")),
                      "unsupported wire version 2"));
  BOOST_TEST(contains(error_of(decode_quote(R"({"v":"1","ticker":"AAPL"})")),
                      "\"v\" must be the number 1"));
  BOOST_TEST(contains(error_of(decode_quote(R"({"v":1.5})")),
                      "\"v\" must be the number 1"));
  BOOST_TEST(contains(error_of(decode_quote(R"({"v":null})")),
                      "\"v\" must be the number 1"));
  BOOST_TEST(contains(error_of(decode_quote("[1]")), "must be a JSON object"));
  BOOST_TEST(contains(error_of(decode_quote("1")), "must be a JSON object"));
}

BOOST_AUTO_TEST_CASE(not_json) {
  for (std::string body :
       {"", "   ", "{", R"({"v":1,)", R"({"v":1} x)", "nul", "{'v':1}",
        R"({"v":1,"price":NaN})", R"({"v":1,"price":Infinity})",
        R"({"v":1,"price":-Infinity})", R"({"v":1,"price":01})",
        R"({"v":1,"price":.5})", R"({"v":1,"price":1.})"}) {
    BOOST_TEST_CONTEXT(body) {
      BOOST_TEST(contains(error_of(decode_quote(body)), "invalid JSON"));
    }
  }
  // Invalid UTF-8 inside a string.
  BOOST_TEST(contains(error_of(decode_quote("{\"v\":1,\"ticker\":\"A\xff\"}")),
                      "invalid JSON"));
}

BOOST_AUTO_TEST_CASE(nan_like_and_huge_numbers) {
  auto with_price = [](const std::string& p) {
    return R"({"v":1,"ticker":"AAPL","price":)" + p +
           R"(,"time":"2010-03-01T00:00:00Z"})";
  };
  for (std::string p :
       {R"("NaN")", R"("nan")", R"("Infinity")", R"("inf")", R"("1e400")",
        "1e19", "99999999999999999999", "-5", "0", "0.0000001", R"("")",
        R"(" 5")", "true", "null", "[]", "{}"}) {
    BOOST_TEST_CONTEXT(p) {
      auto why = error_of(decode_quote(with_price(p)));
      BOOST_TEST((contains(why, "price must be a positive number") ||
                  contains(why, "missing price")));
    }
  }
  // RapidJSON refuses exponents beyond a double's range while parsing.
  BOOST_TEST(
    contains(error_of(decode_quote(with_price("1e400"))), "Number too big"));
  // Numeric strings are accepted for prices, exactly.
  auto q = decode_quote(with_price(R"("176.25")"));
  BOOST_TEST(std::get<quote>(q).price.to_string() == "176.25");

  auto tick = [](const std::string& t) {
    return R"({"v":1,"ledger":"demo","tick":)" + t + R"(,"trades":[]})";
  };
  for (std::string t :
       {"99999999999999999999999", "1.5", R"("5")", "true", "[]"})
    BOOST_TEST_CONTEXT(t) {
      BOOST_TEST(contains(error_of(decode_trade_reply(tick(t))),
                          "tick must be a whole number"));
    }
  BOOST_TEST(contains(error_of(decode_trade_reply(tick("0"))),
                      "tick must be at least 1"));
}

// Times the system clock cannot hold are refused, not overflowed.
BOOST_AUTO_TEST_CASE(times_out_of_range) {
  for (std::string t : {"9010-03-01T00:00:00Z", "2201-01-01T00:00:00Z",
                        "0001-01-01T00:00:00Z", "1677-12-31T23:59:59Z",
                        "2010-13-01T00:00:00Z", "2010-03-01", "yesterday"}) {
    BOOST_TEST_CONTEXT(t) {
      auto body = R"({"v":1,"ticker":"AAPL","price":1,"time":")" + t + R"("})";
      BOOST_TEST(contains(error_of(decode_quote(body)),
                          "time must be an ISO 8601 UTC time"));
    }
  }
  auto edge =
    R"({"v":1,"ticker":"AAPL","price":1,"time":"2200-12-31T23:59:59.999999Z"})";
  BOOST_TEST(std::holds_alternative<quote>(decode_quote(edge)));
}

// nodes names no ledger: a name is refused rather than ignored.
BOOST_AUTO_TEST_CASE(nodes_takes_nothing_but_its_name) {
  BOOST_TEST(contains(
    error_of(decode_command(R"({"v":1,"command":"nodes","name":"a"})")),
    "name"));
  BOOST_TEST(contains(
    error_of(decode_command_reply(R"({"v":1,"ok":true,"nodes":[{"name":"n1",)"
                                  R"("http":"h","shards":[-1]}]})")),
    "shard numbers"));
}

BOOST_AUTO_TEST_CASE(wrong_types) {
  BOOST_TEST(contains(
    error_of(decode_quote(
      R"({"v":1,"ticker":5,"price":1,"time":"2010-03-01T00:00:00Z"})")),
    "ticker must be a string"));
  BOOST_TEST(contains(
    error_of(decode_quote(R"({"v":1,"ticker":"AAPL","price":1,"time":5})")),
    "time must be an ISO 8601 UTC time"));
  BOOST_TEST(contains(
    error_of(decode_trade_reply(R"({"v":1,"ledger":5,"tick":3,"trades":[]})")),
    "ledger must be a string"));
  BOOST_TEST(
    contains(error_of(decode_trade_reply(
               R"({"v":1,"ledger":"de\u0000mo","tick":3,"trades":[]})")),
             "ledger must be valid UTF-8 without control characters"));
  BOOST_TEST(
    contains(error_of(decode_trade_reply(
               R"({"v":1,"ledger":"no spaces","tick":3,"trades":[]})")),
             "ledger must be a valid ledger name"));
  BOOST_TEST(contains(error_of(decode_trade_reply(R"({"v":1,"tick":3})")),
                      "missing ledger"));
  BOOST_TEST(contains(
    error_of(decode_trade_request(
      R"({"v":1,"ledger":"demo","tick":3,"time":"2026-11-25T09:30:00Z","deadline":"2026-11-25T09:30:00Z","algo":"a","book_status":[]})")),
    "book_status must be an object"));
  BOOST_TEST(contains(
    error_of(decode_trade_request(
      R"({"v":1,"ledger":"demo","tick":3,"time":"2026-11-25T09:30:00Z","deadline":"2026-11-25T09:30:00Z","algo":"a","book_status":{"balance":"x","holding":{},"prices":{},"value":null,"trades":[],"rejected":[]}})")),
    "book_status.balance must be a number"));
  BOOST_TEST(contains(
    error_of(decode_trade_request(
      R"({"v":1,"ledger":"demo","tick":3,"time":"2026-11-25T09:30:00Z","deadline":"2026-11-25T09:30:00Z","algo":"a","book_status":{"balance":1,"holding":{"AAPL":-1},"prices":{},"value":null,"trades":[],"rejected":[]}})")),
    "book_status.holding"));
  BOOST_TEST(contains(
    error_of(decode_trade_request(
      R"({"v":1,"ledger":"demo","tick":3,"time":"2026-11-25T09:30:00Z","deadline":"2026-11-25T09:30:00Z","algo":"a","book_status":{"balance":1,"holding":{},"prices":{},"value":null,"trades":[{"type":"buy"}],"rejected":[]}})")),
    "book_status.trades: fill 0"));
  BOOST_TEST(contains(
    error_of(decode_event(R"({"v":1,"ledger":"demo","event":"party"})")),
    "unknown event"));
  BOOST_TEST(contains(error_of(decode_command_reply(R"({"v":1,"ok":"yes"})")),
                      "ok must be true or false"));
  BOOST_TEST(contains(error_of(decode_command_reply(R"({"v":1,"ok":true})")),
                      "needs ledger, ledgers, deleted, report or nodes"));
}

// Malformed trades in a reply that can still be correlated: a bad_output
// error reply, whose message says which trade and why.
BOOST_AUTO_TEST_CASE(malformed_trades_make_bad_output) {
  BOOST_TEST(
    contains(bad_output_of(reply_with_trades(
               R"([{"type":"buy","ticker":"AAPL","quantity":-3}])")),
             "trade 0: quantity must be a whole number of at least 1"));
  BOOST_TEST(contains(
    bad_output_of(reply_with_trades(
      R"([{"type":"buy","ticker":"AAPL","quantity":1},{"type":"sell","ticker":"AAPL","quantity":1.5}])")),
    "trade 1: quantity must be a whole number"));
  BOOST_TEST(contains(bad_output_of(reply_with_trades(
                        R"([{"type":"buy","ticker":"AAPL","quantity":0}])")),
                      "quantity"));
  BOOST_TEST(contains(bad_output_of(reply_with_trades(
                        R"([{"type":"hold","ticker":"AAPL","quantity":1}])")),
                      "type must be \"buy\" or \"sell\""));
  BOOST_TEST(contains(
    bad_output_of(reply_with_trades(
      R"([{"type":"buy","ticker":"AAPL","quantity":1,"leverage":10}])")),
    "trade 0: unknown field \"leverage\""));
  BOOST_TEST(contains(bad_output_of(reply_with_trades(
                        R"([{"type":"buy","ticker":7,"quantity":1}])")),
                      "trade 0: ticker must be a string"));
  BOOST_TEST(
    contains(bad_output_of(reply_with_trades(
               R"([{"type":"buy","ticker":"AAPL","quantity":1,"price":-2}])")),
             "price must be a positive number"));
  BOOST_TEST(contains(bad_output_of(reply_with_trades(R"([5])")),
                      "a trade must be an object"));
  BOOST_TEST(contains(bad_output_of(reply_with_trades(R"({"trades":[]})")),
                      "trades must be an array"));
  BOOST_TEST(contains(bad_output_of(R"({"v":1,"ledger":"demo","tick":3})"),
                      "missing trades"));
  BOOST_TEST(contains(
    bad_output_of(
      R"({"v":1,"ledger":"demo","tick":3,"trades":[],"error":"oops","message":"m"})"),
    "unknown error code \"oops\""));
  BOOST_TEST(contains(
    bad_output_of(R"({"v":1,"ledger":"demo","tick":3,"trades":[],"error":7})"),
    "error must be a string"));
}

BOOST_AUTO_TEST_CASE(commands) {
  auto create = [](const std::string& extra) {
    return R"({"v":1,"command":"create","name":"demo","tickers":["AAPL"],"algo":"a","interval":"5m","end":30)" +
           extra + "}";
  };
  BOOST_TEST(std::holds_alternative<command>(decode_command(create(""))));
  BOOST_TEST(contains(error_of(decode_command(create(R"(,"slipage_bps":5)"))),
                      "unknown field \"slipage_bps\""));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":["AAPL"],"algo":"a","interval":"5 minutes","end":30})")),
    "interval must be a duration"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":["AAPL"],"algo":"a","interval":"5m","end":-1})")),
    "end must be a positive number of days"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":["AAPL"],"algo":"a","interval":"5m"})")),
    "missing end"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":[],"algo":"a","interval":"5m","end":1})")),
    "at least one ticker"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":["AAPL","AAPL"],"algo":"a","interval":"5m","end":1})")),
    "listed twice"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"create","name":"demo","tickers":[1],"algo":"a","interval":"5m","end":1})")),
    "tickers must be an array of strings"));
  BOOST_TEST(
    contains(error_of(decode_command(create(R"(,"slippage_bps":99999999999)"))),
             "slippage_bps is out of range"));
  BOOST_TEST(contains(error_of(decode_command(create(R"(,"start":"yes")"))),
                      "start must be true or false"));
  BOOST_TEST(contains(error_of(decode_command(create(R"(,"balance":-5)"))),
                      "initial_balance must not be negative"));
  BOOST_TEST(contains(
    error_of(decode_command(create(R"(,"calendar":"NYSE")"))),
    R"(unknown calendar "NYSE": calendar must be "XNYS" (the New York Stock Exchange's regular session) or null)"));
  BOOST_TEST(contains(error_of(decode_command(create(R"(,"calendar":"none")"))),
                      "unknown calendar \"none\""));
  BOOST_TEST(contains(error_of(decode_command(create(R"(,"calendar":1)"))),
                      "calendar must be a string"));
  auto xnys = decode_command(create(R"(,"calendar":"XNYS")"));
  BOOST_TEST(
    (std::get<command>(xnys).config->calendar == market_calendar::xnys));
  auto null = decode_command(create(R"(,"calendar":null)"));
  BOOST_TEST(
    (std::get<command>(null).config->calendar == market_calendar::none));
  BOOST_TEST(
    contains(error_of(decode_command(R"({"v":1,"command":"explode"})")),
             "unknown command \"explode\""));
  BOOST_TEST(contains(error_of(decode_command(R"({"v":1,"command":"start"})")),
                      "missing name"));
  BOOST_TEST(contains(
    error_of(decode_command(R"({"v":1,"command":"start","name":"a b"})")),
    "name must be 1 to 64 characters"));
  BOOST_TEST(
    contains(error_of(decode_command(
               R"({"v":1,"command":"view","name":"demo","verbose":true})")),
             "unknown field \"verbose\""));
  BOOST_TEST(
    contains(error_of(decode_command(R"({"v":1,"command":"list","limit":0})")),
             "limit must be between 1 and 1000"));
  BOOST_TEST(contains(
    error_of(decode_command(R"({"v":1,"command":"list","limit":5000})")),
    "limit must be between 1 and 1000"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"update","name":"demo","trades":[{"type":"buy","ticker":"AAPL","quantity":2.5}]})")),
    "trade 0: quantity"));
  BOOST_TEST(contains(
    error_of(decode_command(
      R"({"v":1,"command":"update","name":"demo","trades":[],"holding":{"AAPL":1.5}})")),
    "holding"));
}

BOOST_AUTO_TEST_CASE(structure_limits) {
  BOOST_TEST(contains(
    error_of(decode_quote(
      R"({"v":1,"v":1,"ticker":"AAPL","price":1,"time":"2010-03-01T00:00:00Z"})")),
    "appears twice"));
  BOOST_TEST(contains(
    error_of(decode_trade_reply(
      R"({"v":1,"ledger":"demo","tick":3,"trades":[{"type":"buy","type":"sell","ticker":"A","quantity":1}]})")),
    "appears twice"));
  std::string deep = R"({"v":1,"x":)" + std::string(100'000, '[') +
                     std::string(100'000, ']') + "}";
  BOOST_TEST(contains(error_of(decode_quote(deep)), "deeper than 32"));
  std::string unclosed = std::string(1'000'000, '[');
  BOOST_TEST(!error_of(decode_quote(unclosed)).empty());
  std::string huge(json::max_document_bytes + 1, ' ');
  BOOST_TEST(contains(error_of(decode_quote(huge)), "larger than the limit"));
}

// Every prefix and many one-byte corruptions of valid messages: decoders
// answer, never throw, never crash (run under ASan in CI).
BOOST_AUTO_TEST_CASE(truncated_and_corrupted_bodies) {
  const std::string bodies[] = {
    quote_body,
    R"({"v":1,"ledger":"demo","tick":3,"trades":[{"type":"buy","ticker":"AAPL","quantity":2,"price":177}]})",
    R"({"v":1,"command":"create","name":"demo","tickers":["AAPL"],"algo":"a","interval":"5m","end":30,"fee":1})",
    R"({"v":1,"ok":true,"report":{"applied":false,"outcomes":[{"filled":{"type":"buy","ticker":"AAPL","quantity":8,"price":176,"fee":1}}]}})",
    R"({"v":1,"ledger":"demo","event":"status","status":"finished","time":"2026-12-25T09:00:00Z"})",
  };
  const char noise[] = {'\0', '"', '{', '}', '[',  ']',    ',',
                        ':',  '-', '9', 'e', '\\', '\xff', ' '};
  std::size_t decoded_ok = 0;
  for (auto& body : bodies) {
    std::vector<std::string> variants;
    for (std::size_t n = 0; n <= body.size(); ++n)
      variants.push_back(body.substr(0, n));
    for (std::size_t i = 0; i < body.size(); ++i)
      for (char c : noise) {
        auto v = body;
        v[i] = c;
        variants.push_back(v);
      }
    for (auto& v : variants) {
      BOOST_CHECK_NO_THROW({
        decoded_ok += decode_quote(v).index() == 0;
        decoded_ok += decode_trade_reply(v).index() == 0;
        decoded_ok += decode_trade_request(v).index() == 0;
        decoded_ok += decode_command(v).index() == 0;
        decoded_ok += decode_command_reply(v).index() == 0;
        decoded_ok += decode_event(v).index() == 0;
        peek_request_key(v);
      });
    }
  }
  BOOST_TEST(decoded_ok > 0u); // the intact bodies, at least
}

BOOST_AUTO_TEST_CASE(every_message_carries_version_1) {
  json::document doc;
  BOOST_TEST(!parse_message(doc, R"({"v": 1})"));
  BOOST_TEST(!parse_message(doc, R"({"v": 1.0})"));
  BOOST_TEST(parse_message(doc, R"({"v": 2})").value_or("").find("version 2") !=
             std::string::npos);
  BOOST_TEST(parse_message(doc, R"({"v": "1"})").has_value());
  BOOST_TEST(parse_message(doc, R"([1])").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
