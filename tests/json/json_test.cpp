#include "json/document.hpp"
#include "json/exact.hpp"
#include "json/seed_view.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/stringbuffer.h>

using namespace ledger;

namespace {

json::document parse(const std::string& text) {
  json::document doc;
  if (auto error = doc.parse(text))
    throw std::runtime_error(*error);
  return doc;
}

template <class Write>
std::string render(Write write) {
  rapidjson::StringBuffer buf;
  json::writer w{buf};
  write(w);
  return buf.GetString();
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_edges)

BOOST_AUTO_TEST_CASE(numbers_stay_exact_both_ways) {
  auto parsed = parse(R"({"a": 96485.5, "b": "1455.219971", "c": 0.1, "d": 8,
                      "e": 1e3, "f": 1.0000001, "g": 8.0, "h": -2})");
  auto& doc = parsed.root();
  BOOST_TEST(json::read_money(doc["a"])->micros() == 96'485'500'000);
  BOOST_TEST(json::read_price(doc["b"])->micros() == 1'455'219'971);
  BOOST_TEST(json::read_money(doc["c"])->micros() == 100'000);
  BOOST_TEST(*json::read_integer(doc["d"]) == 8);
  BOOST_TEST(*json::read_integer(doc["e"]) == 1000);
  BOOST_TEST(!json::read_money(doc["f"]).has_value()); // 7 decimals
  BOOST_TEST(*json::read_integer(doc["g"]) == 8);
  BOOST_TEST(!json::read_price(doc["h"]).has_value()); // not positive
  BOOST_TEST(!json::read_integer(doc["c"]).has_value());
  auto text = render([](json::writer& w) {
    w.StartArray();
    json::write_micros(w, 96'485'500'000);
    json::write_micros(w, -1);
    json::write_micros(w, 176'000'000);
    w.EndArray();
  });
  BOOST_TEST(text == "[96485.5,-0.000001,176]");
}

BOOST_AUTO_TEST_CASE(bad_documents_are_reported_not_thrown) {
  json::document doc;
  auto error = doc.parse("{\"a\": [1, 2");
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->find("offset") != std::string::npos);
  BOOST_TEST(doc.parse("NaN").has_value());
  // Deep nesting is an error, not a stack overflow.
  std::string deep(200'000, '[');
  BOOST_TEST(doc.parse(deep).has_value());
}

// The old view_ledger's value history keyed by whole seconds let a ledger
// ticking every 200 ms show one point per second: later ticks overwrote
// earlier ones. Every point keeps its own key now, in time order.
BOOST_AUTO_TEST_CASE(seed_view_keeps_every_value_point_within_a_second) {
  std::vector<json::value_point> values;
  auto start = *json::parse_time("2026-11-25T09:30:00Z");
  for (int i = 0; i < 5; ++i)
    values.emplace_back(start + std::chrono::milliseconds{200 * i},
                        *money::parse(std::to_string(100 + i)));
  rapidjson::StringBuffer out;
  json::writer w{out};
  json::write_seed_view(w, {}, {}, values, *money::parse("1"));
  json::document doc;
  BOOST_REQUIRE(!doc.parse(out.GetString()));
  auto& value = doc.root()["value"];
  BOOST_TEST(value.MemberCount() == 5u);
  std::vector<std::string> keys;
  for (auto& m : value.GetObject())
    keys.emplace_back(m.name.GetString());
  BOOST_TEST(keys.front() == "2026-11-25 09:30:00");
  BOOST_TEST(keys.back() == "2026-11-25 09:30:00.800000");
  BOOST_TEST(std::is_sorted(keys.begin(), keys.end()));
}

BOOST_AUTO_TEST_CASE(times_round_trip_in_utc) {
  auto t = json::parse_time("2026-11-25T09:30:00.123456Z");
  BOOST_REQUIRE(t.has_value());
  BOOST_TEST(json::format_time(*t) == "2026-11-25T09:30:00.123456Z");
  BOOST_TEST(json::format_seed_time(*t) == "2026-11-25 09:30:00.123456");
  BOOST_TEST(json::format_seed_time(*json::parse_time(
               "2026-11-25T09:30:00Z")) == "2026-11-25 09:30:00");
  BOOST_TEST(json::format_time(*json::parse_time("1999-01-08 04:05:06")) ==
             "1999-01-08T04:05:06.000000Z");
  BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(
               json::parse_time("1970-01-02T00:00:00Z")->time_since_epoch())
               .count() == 86'400);
  for (auto bad :
       {"", "2026-13-01T00:00:00Z", "2026-11-25", "yesterday",
        "9999-01-01T00:00:00Z", "1600-01-01T00:00:00Z", "2026-11-25T09:30:00.Z",
        "2026-11-25T09:30:00+01:00", "2026-02-30T00:00:00Z",
        "2026-04-31T00:00:00Z", "2100-02-29T00:00:00Z", "2026-11-25T24:00:00Z"})
    BOOST_TEST(!json::parse_time(bad).has_value(), bad);
  BOOST_TEST(json::parse_time("2024-02-29T00:00:00Z").has_value());
  BOOST_TEST(json::parse_time("2000-02-29T00:00:00Z").has_value());
}

BOOST_AUTO_TEST_CASE(seed_trades_read_strictly) {
  auto doc = parse(R"([
    {"type": "buy", "ticker": "AAPL", "price": 176, "quantity": 8},
    {"type": "sell", "ticker": "AAPL", "price": 157, "quantity": 7},
    {"type": "buy", "ticker": "GOOG", "price": 112, "quantity": 9}])");
  auto orders = json::read_orders(doc, doc.root());
  auto& list = std::get<std::vector<order>>(orders);
  BOOST_REQUIRE_EQUAL(list.size(), 3u);
  BOOST_TEST(list[1].direction == side::sell);
  BOOST_TEST(list[1].shares.shares() == 7);
  BOOST_TEST(list[2].price->micros() == 112'000'000);
  auto wrapped = parse(R"({"trades": [{"type": "buy", "ticker": "A",
                          "quantity": 1, "price": null}]})");
  BOOST_TEST(
    !std::get<std::vector<order>>(json::read_orders(wrapped, wrapped.root()))[0]
       .price.has_value());
  struct bad_case {
    const char* text;
    const char* says;
  };
  for (auto [text, says] : std::initializer_list<bad_case>{
         {R"([{"type": "hold", "ticker": "A", "quantity": 1}])", "type"},
         {R"([{"type": "buy", "ticker": "A", "quantity": -3}])", "quantity"},
         {R"([{"type": "buy", "ticker": "A", "quantity": 2.5}])", "quantity"},
         {R"([{"type": "buy", "ticker": "A", "quantity": 0}])", "quantity"},
         {R"([{"type": "buy", "ticker": "A", "quantity": "x"}])", "quantity"},
         {R"([{"type": "buy", "ticker": "A", "quantity": "8"}])", "quantity"},
         {R"([{"type": "buy", "ticker": 5, "quantity": 1}])",
          "ticker must be a string"},
         {R"([{"type": 1, "ticker": "A", "quantity": 1}])",
          "type must be a string"},
         {"[{\"type\": \"buy\\u0000x\", \"ticker\": \"A\", \"quantity\": 1}]",
          "type"},
         {R"([{"type": "buy", "ticker": "A*", "quantity": 1}])", "ticker"},
         {"[{\"type\": \"buy\", \"ticker\": \"AA\\u0000PL\", \"quantity\": 1}]",
          "ticker"},
         {R"([{"type": "buy", "ticker": "A", "quantity": 1, "price": 0}])",
          "price"},
         {R"([{"type": "buy", "ticker": "A", "quantity": 1, "note": 1}])",
          "unknown field"},
         {R"([{"type": "buy", "quantity": 1}])", "ticker"},
         {R"({"orders": []})", "list"},
         {R"("buy")", "array"},
       }) {
    auto doc = parse(text);
    auto out = json::read_orders(doc, doc.root());
    auto why = std::get_if<std::string>(&out);
    BOOST_TEST_REQUIRE(why != nullptr, text);
    BOOST_TEST(why->find(says) != std::string::npos, text << " -> " << *why);
  }
}

BOOST_AUTO_TEST_CASE(fills_and_rejections_round_trip) {
  fill f{side::buy,
         "AAPL",
         *quantity::make(8),
         *price::parse("176.25"),
         price::parse("177"),
         *money::parse("0.5"),
         money::from_micros(-1'410'500'000)};
  auto text = render([&](json::writer& w) { json::write_fill(w, f); });
  BOOST_TEST(text == R"({"type":"buy","ticker":"AAPL","quantity":8,)"
                     R"("price":176.25,"fee":0.5,"limit":177})");
  auto fill_doc = parse(text);
  auto back = std::get<fill>(json::read_fill(fill_doc, fill_doc.root()));
  BOOST_TEST(back.cash_delta == f.cash_delta);
  BOOST_TEST(*back.limit == *f.limit);
  rejection r{order{side::sell, "GOOG", *quantity::make(5), std::nullopt},
              reject_code::insufficient_holdings, "selling 5 GOOG"};
  auto rtext = render([&](json::writer& w) { json::write_rejection(w, r); });
  auto rdoc = parse(rtext);
  auto rback = std::get<rejection>(json::read_rejection(rdoc, rdoc.root()));
  BOOST_TEST(rback.code == reject_code::insufficient_holdings);
  BOOST_TEST(rback.order.ticker == "GOOG");
  BOOST_TEST(rback.reason == "selling 5 GOOG");
}

BOOST_AUTO_TEST_CASE(holdings_and_prices) {
  auto hdoc = parse(R"({"AAPL": 8, "GOOG": 0})");
  auto h = std::get<holdings>(json::read_holdings(hdoc, hdoc.root()));
  BOOST_TEST(h.size() == 1u);
  BOOST_TEST(h.at("AAPL") == 8);
  auto negative = parse(R"({"GOOG": -5})");
  auto why =
    std::get<std::string>(json::read_holdings(negative, negative.root()));
  BOOST_TEST(why.find("negative") != std::string::npos, why);
  // A reporter's stated holdings keep the negative count for the engine.
  auto stated =
    std::get<holdings>(json::read_stated_holdings(negative, negative.root()));
  BOOST_TEST(stated.at("GOOG") == -5);
  auto list = parse(R"([1])");
  BOOST_TEST(std::holds_alternative<std::string>(
    json::read_stated_holdings(list, list.root())));
  auto quoted = parse(R"({"AAPL": "8"})");
  BOOST_TEST(std::holds_alternative<std::string>(
    json::read_holdings(quoted, quoted.root())));
  auto pdoc = parse(R"({"AAPL": 176.25})");
  auto p = std::get<price_map>(json::read_prices(pdoc.root()));
  BOOST_TEST(p.at("AAPL").micros() == 176'250'000);
  auto text = render([&](json::writer& w) { json::write_prices(w, p); });
  BOOST_TEST(text == R"({"AAPL":176.25})");
}

BOOST_AUTO_TEST_CASE(written_text_is_always_valid_utf8) {
  // Whatever bytes a client sent, an answer that echoes them stays JSON.
  auto text = render([](json::writer& w) {
    w.StartObject();
    json::write_member(w, "m", "bad \xff\xfe and \xed\xa0\x80 bytes");
    w.EndObject();
  });
  BOOST_TEST(text == "{\"m\":\"bad \xEF\xBF\xBD\xEF\xBF\xBD and "
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD bytes\"}");
  json::document doc;
  BOOST_TEST(!doc.parse(text));
}

BOOST_AUTO_TEST_SUITE_END()
