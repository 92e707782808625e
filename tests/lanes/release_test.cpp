// A release notice (the engine's word that a ledger finished or was
// deleted) reaches the lane that serves the ledger, which frees the
// ledger's model instance: the ledger's next request meets a fresh model.
// Other ledgers' instances on the same host keep their state.

#include "messaging/codec_release.hpp"
#include "tests/lanes/lanes_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Buys as many shares as this instance has seen ticks: the quantity shows
// whether the model kept its state.
constexpr const char* counting_model = R"(
class Model:
    def __init__(self):
        self.seen = 0

    def update_book_status(self, book_status):
        self.seen += 1

    def trade(self):
        return [{"type": "buy", "ticker": "AAPL", "quantity": self.seen}]
)";

timestamp soon() {
  return std::chrono::system_clock::now() + 10s;
}

// The quantity the model bought at (ledger, tick).
std::int64_t seen_at(lanes_world& w, const std::string& ledger,
                     std::int64_t tick) {
  w.request(ledger, tick, "counting", soon());
  auto got = w.replies(10s, 1);
  BOOST_REQUIRE(got.count(key(ledger, tick)) == 1);
  auto& reply = got[key(ledger, tick)];
  BOOST_REQUIRE_MESSAGE(!reply.error, reply.error_message);
  BOOST_REQUIRE(reply.orders.size() == 1u);
  return reply.orders[0].shares.shares();
}

} // namespace

BOOST_AUTO_TEST_SUITE(lane_release)

BOOST_AUTO_TEST_CASE(
  a_released_ledger_meets_a_fresh_model_and_others_keep_theirs) {
  lanes_world w;
  w.add_model("counting", counting_model);
  auto& worker = w.start_worker(1); // one lane: both ledgers share a host
  BOOST_TEST(seen_at(w, "ended", 1) == 1);
  BOOST_TEST(seen_at(w, "ended", 2) == 2);
  BOOST_TEST(seen_at(w, "kept", 1) == 1);

  w.request_body("ended", 0, messaging::encode_release("ended"));
  // The lane takes deliveries in order: the notice is handled before the
  // next request of the same ledger.
  BOOST_TEST(seen_at(w, "ended", 3) == 1);
  BOOST_TEST(seen_at(w, "kept", 2) == 2);
  // A notice for a ledger this lane never served changes nothing.
  w.request_body("stranger", 0, messaging::encode_release("stranger"));
  BOOST_TEST(seen_at(w, "kept", 3) == 3);

  worker.signal(SIGTERM);
  BOOST_TEST(worker.wait(15s) == 0);
  auto out = worker.output();
  // Both notices were taken as notices (none rejected as unreadable).
  BOOST_TEST(out.find("released 2 ended ledger(s)") != std::string::npos, out);
  BOOST_TEST(out.find("rejected a delivery") == std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
