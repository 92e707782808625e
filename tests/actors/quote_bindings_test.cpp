// The broker link binds its quote queue to each ticker a ledger tracks and
// unbinds a ticker once no ledger tracks it any more (trackers counted),
// so ended ledgers' tickers stop flowing in. Against the real RabbitMQ.

#include "tests/actors/broker_harness.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

void quote(live_link& broker, const std::string& ticker) {
  broker.scratch.admin.publish(broker.scratch.topo.quotes_exchange(), ticker,
                               ticker, messaging::publish_options{});
}

// Binding happens on the link's thread: publish `ticker` until one comes
// back, within 5 s.
bool flows(live_link& broker, const std::string& ticker) {
  auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    quote(broker, ticker);
    if (auto e = broker.quotes.next(100ms); e && e->body == ticker)
      return true;
  }
  return false;
}

// Unbinding is as asynchronous: publish `ticker` then a `marker` that
// flows; once the marker arrives without `ticker` before it, `ticker` is
// unbound (one queue, one publisher: order is kept). Within 5 s.
bool stops(live_link& broker, const std::string& ticker,
           const std::string& marker) {
  auto until = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < until) {
    quote(broker, ticker);
    quote(broker, marker);
    bool saw_ticker = false;
    while (auto e = broker.quotes.next(1s)) {
      if (e->body == ticker)
        saw_ticker = true;
      if (e->body == marker)
        break;
    }
    if (!saw_ticker)
      return true;
  }
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(quote_bindings)

BOOST_AUTO_TEST_CASE(a_ticker_is_unbound_when_its_last_tracker_leaves) {
  live_link broker;
  broker.link->track_ticker("AAPL"); // two ledgers on AAPL
  broker.link->track_ticker("AAPL");
  broker.link->track_ticker("MSFT");
  BOOST_REQUIRE(flows(broker, "AAPL"));
  BOOST_REQUIRE(flows(broker, "MSFT"));

  broker.link->untrack_ticker("AAPL"); // one ledger on AAPL ended
  BOOST_TEST(
    (broker.link->tracked_tickers() == std::set<std::string>{"AAPL", "MSFT"}));
  BOOST_TEST(flows(broker, "AAPL"));

  broker.link->untrack_ticker("AAPL"); // the other too
  BOOST_TEST((broker.link->tracked_tickers() == std::set<std::string>{"MSFT"}));
  BOOST_TEST(stops(broker, "AAPL", "MSFT"));

  // A ticker tracked again is bound again; untracking what nobody tracks
  // changes nothing.
  broker.link->untrack_ticker("GOOG");
  broker.link->track_ticker("AAPL");
  BOOST_TEST(flows(broker, "AAPL"));
}

BOOST_AUTO_TEST_SUITE_END()
