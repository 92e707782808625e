// ledger-feed as a program: what it publishes (checked by a consumer bound
// on the test's quotes exchange), its pace, loop, stop and reconnect, and
// its usage errors.

#include "json/time.hpp"
#include "messaging/codec_quote.hpp"
#include "tests/cli/cli_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

const std::string feed = LEDGER_FEED_BINARY;

using args = std::vector<std::string>;

// A private queue bound on the quotes exchange, consumed by the test.
struct quote_listener {
  explicit quote_listener(const test_topology& t, const std::string& key = "#")
    : c(connected()), exchange(t.topo.quotes_exchange()) {
    queue = c.declare_reply_queue();
    bind(key);
    c.consume(queue, 500);
  }

  void bind(const std::string& key = "#") {
    c.bind_queue(queue, exchange, key);
  }

  // Exactly the next `n` quotes, as "ROUTINGKEY TICKER PRICE TIME".
  std::vector<std::string> take(std::size_t n,
                                std::chrono::milliseconds limit = 10s) {
    std::vector<std::string> out;
    auto until = std::chrono::steady_clock::now() + limit;
    while (out.size() < n && std::chrono::steady_clock::now() < until) {
      auto e = c.poll(200ms);
      if (!e)
        continue;
      c.ack(*e);
      auto q = messaging::decode_quote(e->body);
      BOOST_REQUIRE_MESSAGE(std::holds_alternative<messaging::quote>(q),
                            e->body);
      auto& quote = std::get<messaging::quote>(q);
      out.push_back(e->routing_key + " " + quote.ticker + " " +
                    quote.price.to_string() + " " +
                    json::format_time(quote.time).substr(0, 10));
    }
    BOOST_REQUIRE_MESSAGE(out.size() == n,
                          "got " << out.size() << " of " << n << " quotes");
    return out;
  }

  // Whatever else arrives within `quiet`.
  std::size_t rest(std::chrono::milliseconds quiet = 300ms) {
    std::size_t n = 0;
    while (auto e = c.poll(quiet)) {
      c.ack(*e);
      ++n;
    }
    return n;
  }

  messaging::amqp_connection c;
  std::string exchange;
  std::string queue;
};

// Out of date order on purpose: the feed publishes by date, file order
// within a date.
const std::string symbol_csv = "symbol,date,price\n"
                               "MSFT,Feb 1 2000,36.35\n"
                               "AAPL,Jan 1 2000,25.94\n"
                               "MSFT,Jan 1 2000,39.81\n"
                               "AAPL,Feb 1 2000,28.66\n"
                               "\n"
                               "GOOG,Mar 1 2000,100.5\n";

const std::string ohlcv_csv =
  "date,open,high,low,close,adjclose,volume\n"
  "2000-01-04,1455.219971,1455.219971,1397.430054,1399.420044,1399.420044,"
  "1009000000\n"
  "2000-01-03,1469.250000,1478.000000,1438.359985,1455.219971,1455.219971,"
  "931800000\n"
  "2000-01-05,1399.420044,1413.270020,1377.680054,1402.109985,1402.109985,"
  "1085500000\n";

std::vector<std::string> fast(const test_topology& t) {
  return t.args() + std::vector<std::string>{"--pace", "0"};
}

} // namespace

BOOST_AUTO_TEST_SUITE(ledger_feed)

BOOST_AUTO_TEST_CASE(replays_a_symbol_file_by_date) {
  test_topology t;
  quote_listener listener{t};
  temp_file csv{symbol_csv};
  auto r = run(feed, args{"replay", "--csv", csv.path} + fast(t));
  BOOST_TEST(r.status == 0, r.err);
  auto quotes = listener.take(5);
  std::vector<std::string> expected{
    "AAPL AAPL 25.94 2000-01-01", "MSFT MSFT 39.81 2000-01-01",
    "MSFT MSFT 36.35 2000-02-01", "AAPL AAPL 28.66 2000-02-01",
    "GOOG GOOG 100.5 2000-03-01"};
  BOOST_TEST(quotes == expected, boost::test_tools::per_element());
  BOOST_TEST(listener.rest() == 0u);
  BOOST_TEST(has(r.err, "done after 3 steps, 5 quotes"), r.err);
}

BOOST_AUTO_TEST_CASE(replays_one_ticker_of_a_symbol_file) {
  test_topology t;
  quote_listener listener{t};
  temp_file csv{symbol_csv};
  auto r =
    run(feed, args{"replay", "--csv", csv.path, "--ticker", "AAPL"} + fast(t));
  BOOST_TEST(r.status == 0, r.err);
  auto quotes = listener.take(2);
  BOOST_TEST(quotes[0] == "AAPL AAPL 25.94 2000-01-01");
  BOOST_TEST(quotes[1] == "AAPL AAPL 28.66 2000-02-01");
  BOOST_TEST(listener.rest() == 0u);
}

BOOST_AUTO_TEST_CASE(replays_the_close_of_an_ohlcv_file_under_its_ticker) {
  test_topology t;
  quote_listener listener{t, "SPX"};
  temp_file csv{ohlcv_csv};
  auto r =
    run(feed, args{"replay", "--csv", csv.path, "--ticker", "SPX"} + fast(t));
  BOOST_TEST(r.status == 0, r.err);
  auto quotes = listener.take(3);
  std::vector<std::string> expected{"SPX SPX 1455.219971 2000-01-03",
                                    "SPX SPX 1399.420044 2000-01-04",
                                    "SPX SPX 1402.109985 2000-01-05"};
  BOOST_TEST(quotes == expected, boost::test_tools::per_element());
  BOOST_TEST(listener.rest() == 0u);
}

BOOST_AUTO_TEST_CASE(paces_its_steps_and_reads_the_prefix_from_the_env) {
  test_topology t;
  quote_listener listener{t};
  temp_file csv{symbol_csv};
  auto r = run(feed, {"replay", "--csv", csv.path, "--pace", "300ms"},
               {{"LEDGER_TOPOLOGY_PREFIX", t.topo.prefix}});
  BOOST_TEST(r.status == 0, r.err);
  // Three dates: two waits between them, none after the last.
  BOOST_TEST(r.took.count() >= 600);
  BOOST_TEST(r.took.count() < 5000);
  listener.take(5);
}

BOOST_AUTO_TEST_CASE(the_same_seed_walks_the_same_prices) {
  test_topology t;
  quote_listener listener{t};
  auto walk =
    std::vector<std::string>{"random", "--tickers", "AAPL,GOOG", "--seed",
                             "42",     "--count",   "4"} +
    fast(t);
  auto first = run(feed, walk);
  BOOST_TEST(first.status == 0, first.err);
  auto a = listener.take(8);
  auto second = run(feed, walk);
  BOOST_TEST(second.status == 0, second.err);
  auto b = listener.take(8);
  BOOST_TEST(listener.rest() == 0u);
  // Same routing keys, tickers and prices; the times are "now".
  auto strip = [](std::vector<std::string> v) {
    for (auto& s : v)
      s = s.substr(0, s.rfind(' '));
    return v;
  };
  BOOST_TEST(strip(a) == strip(b), boost::test_tools::per_element());
  BOOST_TEST(a[0].rfind("AAPL AAPL ", 0) == 0);
  BOOST_TEST(a[1].rfind("GOOG GOOG ", 0) == 0);
  auto other = run(feed, args{"random", "--tickers", "AAPL,GOOG", "--seed",
                              "43", "--count", "4"} +
                           fast(t));
  BOOST_TEST(other.status == 0);
  BOOST_TEST((strip(listener.take(8)) != strip(a)));
}

BOOST_AUTO_TEST_CASE(loops_until_sigterm) {
  test_topology t;
  quote_listener listener{t};
  temp_file csv{symbol_csv};
  program p{feed,
            args{"replay", "--csv", csv.path, "--loop", "--pace", "10ms"} +
              t.args(),
            {},
            program::stderr_to::own_file};
  auto quotes = listener.take(12);
  // The second round starts over at the first date.
  BOOST_TEST(quotes[5] == quotes[0]);
  BOOST_TEST(quotes[10] == quotes[0]);
  p.signal(SIGTERM);
  auto r = finish(p, 5s);
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(has(r.err, "stopped after"), r.err);
}

BOOST_AUTO_TEST_CASE(reconnects_when_its_exchange_vanishes) {
  test_topology t;
  quote_listener listener{t};
  temp_file csv{symbol_csv};
  program p{feed,
            args{"replay", "--csv", csv.path, "--loop", "--pace", "20ms"} +
              t.args(),
            {},
            program::stderr_to::own_file};
  listener.take(3);
  // Publishing to a deleted exchange makes the broker close the feed's
  // channel: the feed must notice, reconnect and declare it again.
  t.admin.delete_exchange(t.topo.quotes_exchange());
  BOOST_REQUIRE_MESSAGE(p.wait_for_error_output("reconnected"),
                        p.error_output());
  listener.rest(100ms);
  listener.bind();
  listener.take(5);
  p.signal(SIGINT);
  auto r = finish(p, 5s);
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(has(r.err, "NOT_FOUND"), r.err);
  BOOST_TEST_MESSAGE("ledger-feed said:\n" << r.err);
}

BOOST_AUTO_TEST_CASE(usage_and_input_errors_exit_2) {
  temp_file bad{"symbol,date,price\nAAPL,Jan 1 2000,25.94\n"
                "AAPL,Feb 1 2000,abc\n"};
  temp_file ohlcv{ohlcv_csv};
  struct expectation {
    std::vector<std::string> args;
    std::string says;
  };
  std::vector<expectation> cases{
    {{}, "usage: ledger-feed COMMAND"},
    {{"replicate"}, "unknown command 'replicate'"},
    {{"replay"}, "replay needs --csv FILE"},
    {{"replay", "--csv", "/no/such/file.csv"}, "cannot read /no/such/file.csv"},
    {{"replay", "--csv", bad.path}, "line 3: price 'abc'"},
    {{"replay", "--csv", ohlcv.path}, "name its series with --ticker"},
    {{"replay", "--csv", ohlcv.path, "--ticker", "SPX", "--pace", "fast"},
     "--pace 'fast' is not a duration"},
    {{"replay", "--csv", ohlcv.path, "--ticker", "SPX", "extra"},
     "unexpected argument 'extra'"},
    {{"replay", "--csv", ohlcv.path, "--frobnicate"},
     "unknown option --frobnicate"},
    {{"random"}, "random needs --tickers"},
    {{"random", "--tickers", "AA*PL"}, "'AA*PL' is not a valid ticker"},
    {{"random", "--tickers", "AAPL", "--count", "0"}, "--count '0'"},
  };
  for (auto& c : cases) {
    auto r = run(feed, c.args);
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(has(r.err, c.says), r.err);
  }
}

BOOST_AUTO_TEST_CASE(an_unreachable_broker_exits_1_without_the_password) {
  auto r = run(feed, {"random", "--tickers", "AAPL", "--amqp-url",
                      amqp_url_with_password("wrong-s3cret-pw"),
                      "--connect-timeout", "1s"});
  BOOST_TEST(r.status == 1, r.err);
  BOOST_TEST(has(r.err, "cannot reach the broker within 1s"), r.err);
  BOOST_TEST(has(r.err, "ACCESS_REFUSED"), r.err);
  BOOST_TEST(!has(r.err, "wrong-s3cret-pw"), r.err);
  BOOST_TEST(r.took.count() < 10000);
}

BOOST_AUTO_TEST_CASE(help_for_the_program_and_each_command) {
  auto r = run(feed, {"--help"});
  BOOST_TEST(r.status == 0);
  BOOST_TEST(has(r.out, "replay --csv FILE"), r.out);
  BOOST_TEST(has(r.out, "random --tickers"), r.out);
  for (auto sub : {"replay", "random"}) {
    auto h = run(feed, {sub, "--help"});
    BOOST_TEST(h.status == 0);
    BOOST_TEST(has(h.out, std::string{"usage: ledger-feed "} + sub), h.out);
    for (auto option : {"--amqp-url", "--topology-prefix", "--pace",
                        "--connect-timeout", "--verbose"})
      BOOST_TEST(has(h.out, option), option);
  }
}

BOOST_AUTO_TEST_SUITE_END()
