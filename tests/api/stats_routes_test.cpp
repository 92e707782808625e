// /stats and /compare against a running engine: real S&P 500 closes of 2000
// (data/sp500-2000.csv, deploy/fetch-data.sh) replayed into ledgers whose
// in-process models trade on every tick, then every statistic the engine
// answers is checked against the same statistic computed here from the
// ledger's own /history and /trades (tests/api/stats_reference.hpp).

#include "feed/csv_quotes.hpp"
#include "json/time.hpp"
#include "tests/api/api_fixture.hpp"
#include "tests/api/stats_reference.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/send.hpp>

#include <fstream>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// "trader" buys 3, buys 2, sells 4 (a lot and a part of the next), then
// sells what it holds, round and round; "holder" buys 40 once.
algo_reply trade(const algo_request& q) {
  algo_reply a{q.ledger, q.tick, {}, {}, {}, {}};
  if (q.prices.count("SPX") == 0)
    return a;
  auto held = q.positions.count("SPX") ? q.positions.at("SPX") : 0;
  auto order_of = [](side s, std::int64_t n) {
    return order{s, "SPX", *quantity::make(n), std::nullopt};
  };
  if (q.ledger == "holder") {
    if (held == 0)
      a.orders.push_back(order_of(side::buy, 40));
    return a;
  }
  switch (q.tick % 4) {
  case 1:
    a.orders.push_back(order_of(side::buy, 3));
    break;
  case 2:
    a.orders.push_back(order_of(side::buy, 2));
    break;
  default:
    if (held > 0)
      a.orders.push_back(order_of(
        side::sell, q.tick % 4 == 3 ? std::min<std::int64_t>(4, held) : held));
  }
  return a;
}

api_setup trading() {
  api_setup s;
  s.algorithm = trade;
  return s;
}

std::vector<feed::quote_batch> closes() {
  std::ifstream in{std::string{LEDGER_SOURCE_DIR} + "/data/sp500-2000.csv"};
  BOOST_REQUIRE_MESSAGE(in, "data/sp500-2000.csv is missing: run "
                            "deploy/fetch-data.sh");
  auto read = feed::read_quote_csv(in, std::string{"SPX"});
  BOOST_REQUIRE(std::holds_alternative<std::vector<feed::quote_batch>>(read));
  return std::get<std::vector<feed::quote_batch>>(read);
}

std::int64_t micros_of(const rapidjson::Value& v, const char* key) {
  return money::parse(text_of(v, key)).value().micros();
}

struct stats_world : api_fixture {
  http_client c = client();

  stats_world() : api_fixture(trading()) {}

  void create(const std::string& name) {
    auto r = c.request("POST", "/v1/ledgers",
                       R"({"name": ")" + name +
                         R"(", "tickers": ["SPX"], "algo_path": "x",
                            "interval": "100ms", "end": 1, "fee": 1.25})",
                       with_key());
    BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
  }

  // Replays `days` closes, one every 60 ms, while the ledgers tick.
  void replay(std::size_t days) {
    auto all = closes();
    BOOST_REQUIRE(all.size() >= days);
    for (std::size_t d = 0; d < days; ++d) {
      for (auto& q : all[d])
        caf::anon_send(market, atom::quote::value, q.ticker, q.last,
                       timestamp{std::chrono::system_clock::now()});
      std::this_thread::sleep_for(60ms);
    }
  }

  // Every point of /history, page by page; `window` as "from=..&to=..".
  std::vector<ref_point> history(const std::string& name,
                                 const std::string& window = "") {
    std::vector<ref_point> out;
    std::string after = "0";
    for (;;) {
      auto page =
        c.get("/v1/ledgers/" + name + "/history?limit=1000&after=" + after +
              (window.empty() ? "" : "&" + window));
      BOOST_REQUIRE_MESSAGE(page.status == 200, page.body);
      auto doc = page.json();
      for (auto& p : doc["points"].GetArray()) {
        auto t = json::parse_time(text_of(p, "time")).value();
        out.push_back(ref_point{
          std::chrono::duration_cast<std::chrono::microseconds>(
            t.time_since_epoch())
            .count(),
          micros_of(p, "value"), micros_of(p, "balance"), text_of(p, "time")});
      }
      if (doc["next"].IsNull())
        return out;
      after = text_of(doc, "next");
    }
  }

  std::vector<ref_fill> fills(const std::string& name,
                              std::optional<std::int64_t> from = {},
                              std::optional<std::int64_t> to = {}) {
    std::vector<ref_fill> out;
    std::string after = "0";
    for (;;) {
      auto page =
        c.get("/v1/ledgers/" + name + "/trades?limit=1000&after=" + after);
      BOOST_REQUIRE_MESSAGE(page.status == 200, page.body);
      auto doc = page.json();
      for (auto& t : doc["trades"].GetArray()) {
        auto at = json::parse_time(text_of(t, "time")).value();
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    at.time_since_epoch())
                    .count();
        if ((from && us < *from) || (to && us > *to))
          continue;
        out.push_back(ref_fill{text_of(t, "type") == "buy",
                               text_of(t, "ticker"),
                               std::stoll(text_of(t, "quantity")),
                               micros_of(t, "price"), micros_of(t, "fee")});
      }
      if (doc["next"].IsNull())
        return out;
      after = text_of(doc, "next");
    }
  }
};

// A statistic as answered (a number's text, or null) against the
// reference, within `tolerance` relative to the larger magnitude.
void check(const rapidjson::Value& stats, const char* key,
           const std::optional<double>& want, double tolerance = 1e-9) {
  BOOST_TEST_CONTEXT(key) {
    BOOST_REQUIRE(stats.HasMember(key));
    auto& got = stats[key];
    bool overflowed = want && !std::isfinite(*want);
    if (!want || overflowed) {
      BOOST_TEST(got.IsNull(), key << " = " << text_of(stats, key));
      return;
    }
    BOOST_REQUIRE_MESSAGE(!got.IsNull(), key << " is null, want " << *want);
    double value = std::stod(text_of(stats, key));
    BOOST_TEST(std::fabs(value - *want) <=
                 tolerance * std::max(1.0, std::fabs(*want)),
               key << " = " << value << ", want " << *want);
  }
}

void check_all(const rapidjson::Value& s, const reference& want,
               std::size_t points, std::size_t fills) {
  BOOST_TEST(text_of(s, "points") == std::to_string(points));
  BOOST_TEST(text_of(s, "fills") == std::to_string(fills));
  check(s, "total_return", want.total_return);
  // pow against expm1/log1p over an exponent of millions: close, not equal.
  check(s, "annualized_return", want.annualized_return, 1e-6);
  check(s, "volatility", want.volatility);
  check(s, "sharpe", want.sharpe);
  check(s, "sortino", want.sortino);
  check(s, "max_drawdown", want.max_drawdown);
  BOOST_TEST(text_of(s, "max_drawdown_start") ==
             want.max_drawdown_start.value_or(""));
  BOOST_TEST(text_of(s, "max_drawdown_end") ==
             want.max_drawdown_end.value_or(""));
  BOOST_TEST(text_of(s, "round_trips") == std::to_string(want.round_trips));
  BOOST_TEST(text_of(s, "winning_round_trips") == std::to_string(want.wins));
  check(s, "win_rate", want.win_rate);
  check(s, "turnover", want.turnover);
  check(s, "exposure", want.exposure);
  BOOST_TEST(money::parse(text_of(s, "traded")).value().micros() ==
             want.traded);
  BOOST_TEST(money::parse(text_of(s, "fees")).value().micros() == want.fees);
}

} // namespace

BOOST_AUTO_TEST_SUITE(statistics_routes)

BOOST_FIXTURE_TEST_CASE(stats_match_the_recorded_history_and_trades,
                        stats_world) {
  create("trader");
  replay(120);
  BOOST_REQUIRE(
    c.request("POST", "/v1/ledgers/trader/stop", "", with_key()).status == 200);
  // Read until two /stats agree: a tick in flight at the stop lands first.
  std::string before, after;
  std::vector<ref_point> points;
  std::vector<ref_fill> trades;
  for (int attempt = 0; attempt < 5 && (before.empty() || before != after);
       ++attempt) {
    std::this_thread::sleep_for(300ms);
    before = c.get("/v1/ledgers/trader/stats?risk_free=0.03").body;
    points = history("trader");
    trades = fills("trader");
    after = c.get("/v1/ledgers/trader/stats?risk_free=0.03").body;
  }
  BOOST_REQUIRE(before == after);
  BOOST_TEST_MESSAGE(after);
  BOOST_REQUIRE_MESSAGE(points.size() > 20u, after);
  auto want = compute_reference(points, trades, 100, 0.03);
  // The model traded: round trips closed, some won and some lost.
  BOOST_TEST(want.round_trips > 10u);
  auto doc = http_reply{200, after, {}}.json();
  auto& s = doc["statistics"];
  check_all(s, want, points.size(), trades.size());
  BOOST_TEST(text_of(s, "risk_free") == "0.03");
  BOOST_TEST(text_of(doc, "trades") == std::to_string(trades.size()));
  BOOST_TEST(text_of(s, "first_time") == points.front().time);
  BOOST_TEST(text_of(s, "last_time") == points.back().time);
  // The old members stay where they were.
  BOOST_TEST(text_of(doc["value"], "points") == std::to_string(points.size()));
  BOOST_TEST(money::parse(text_of(doc["value"], "last")).value().micros() ==
             points.back().value);
}

BOOST_FIXTURE_TEST_CASE(compare_puts_two_ledgers_side_by_side, stats_world) {
  create("trader");
  create("holder");
  replay(110);
  for (auto name : {"trader", "holder"})
    BOOST_REQUIRE(c.request("POST",
                            std::string{"/v1/ledgers/"} + name + "/stop", "",
                            with_key())
                    .status == 200);
  std::this_thread::sleep_for(500ms);

  // A window from the trader's 10th point to its 40th, for both.
  auto trader_all = history("trader");
  BOOST_REQUIRE(trader_all.size() > 40u);
  auto from = trader_all[10];
  auto to = trader_all[40];
  auto window = "from=" + from.time + "&to=" + to.time;
  auto answer = c.get("/v1/compare?names=trader,holder&" + window);
  BOOST_REQUIRE_MESSAGE(answer.status == 200, answer.body);
  BOOST_TEST_MESSAGE(answer.body);
  auto doc = answer.json();
  BOOST_TEST(text_of(doc, "from") == from.time);
  BOOST_TEST(text_of(doc, "to") == to.time);
  auto& ledgers = doc["ledgers"];
  BOOST_REQUIRE(ledgers.Size() == 2u);
  const char* names[] = {"trader", "holder"};
  for (rapidjson::SizeType i = 0; i < 2; ++i) {
    BOOST_TEST_CONTEXT(names[i]) {
      BOOST_TEST(text_of(ledgers[i], "name") == names[i]);
      auto points = history(names[i], window);
      auto trades = fills(names[i], from.micros, to.micros);
      check_all(ledgers[i]["statistics"],
                compute_reference(points, trades, 100, 0), points.size(),
                trades.size());
    }
  }
  // The holder bought once, before or in the window: never a round trip.
  BOOST_TEST(ledgers[1]["statistics"]["win_rate"].IsNull());

  // Without a window, a ledger's comparison is its /stats.
  auto whole = c.get("/v1/compare?names=holder").json();
  auto alone = c.get("/v1/ledgers/holder/stats").json();
  BOOST_TEST(text_of(whole["ledgers"][0]["statistics"], "sharpe") ==
             text_of(alone["statistics"], "sharpe"));
  BOOST_TEST(text_of(whole["ledgers"][0]["statistics"], "points") ==
             text_of(alone["statistics"], "points"));

  auto unknown = c.get("/v1/compare?names=trader,ghost");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.body.find("ghost") != std::string::npos, unknown.body);
}

BOOST_AUTO_TEST_SUITE_END()
