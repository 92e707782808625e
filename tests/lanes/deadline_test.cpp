// A lane under a late model: the late request is answered timeout at its
// deadline, requests whose deadline has already passed are answered
// timeout at once (no model asked) while the host is still busy, a request
// for the busy host that cannot be served in time is answered timeout
// without being sent, and the host survives with its model's state.

#include "tests/lanes/lanes_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

// Tick 1 of ledger "slowpoke" takes 5 s; every tick returns a buy of as
// many shares as this instance has seen ticks (its state).
constexpr const char* slow_first_tick = R"(
import time

class Model:
    def __init__(self):
        self.seen = 0

    def update_book_status(self, book_status):
        self.seen += 1
        self.book = book_status

    def trade(self):
        if self.book["ledger"] == "slowpoke" and self.book["tick"] == 1:
            time.sleep(5)
        return [{"type": "buy", "ticker": "AAPL", "quantity": self.seen}]
)";

timestamp in(std::chrono::milliseconds d) {
  return std::chrono::system_clock::now() + d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lane_deadlines)

BOOST_AUTO_TEST_CASE(an_unreadable_request_is_answered_bad_request) {
  lanes_world w;
  auto& worker = w.start_worker(1);
  // Correlatable (ledger and tick read), but its book_status is no object:
  // the worker's failure to read it is its own code, not the model's
  // bad_output, and the lane goes on serving.
  w.request_body("garbled", 3,
                 R"({"v":1,"ledger":"garbled","tick":3,"book_status":7})");
  w.request("fine", 1, "builtin:null", in(10s));
  auto got = w.replies(10s, 2);
  BOOST_REQUIRE(got.count(key("garbled", 3)) == 1);
  auto& garbled = got[key("garbled", 3)];
  BOOST_TEST((garbled.error == algo_failure::bad_request));
  BOOST_TEST(garbled.error_message.find("unreadable trade request") == 0u,
             garbled.error_message);
  BOOST_REQUIRE(got.count(key("fine", 1)) == 1);
  BOOST_TEST(!got[key("fine", 1)].error.has_value());
  BOOST_TEST(worker.running());
}

BOOST_AUTO_TEST_CASE(a_late_model_neither_blocks_the_lane_nor_loses_its_host) {
  lanes_world w;
  w.add_model("slow_first", slow_first_tick);
  auto& worker = w.start_worker(1); // one lane: everything lands on it

  // Warm the host up so its start is not part of the story.
  w.request("warm", 1, "slow_first", in(10s));
  auto warm = w.replies(10s, 1);
  BOOST_REQUIRE(warm.count(key("warm", 1)) == 1);
  BOOST_TEST(!warm[key("warm", 1)].error.has_value());

  auto sent = std::chrono::steady_clock::now();
  w.request("slowpoke", 1, "slow_first", in(300ms));
  for (int i = 0; i < 20; ++i)
    w.request("expired-" + std::to_string(i), 1, "slow_first", in(-1s));
  w.request("other", 1, "slow_first", in(1500ms));
  auto got = w.replies(4000ms, 22);
  auto within = std::chrono::steady_clock::now() - sent;
  // All answered before the slow tick's model has finished (5 s).
  BOOST_REQUIRE(got.size() == 22u);
  BOOST_TEST((within < 4500ms));
  auto& late = got[key("slowpoke", 1)];
  BOOST_TEST((late.error == algo_failure::timeout));
  BOOST_TEST(late.error_message.find("keeps working on it") !=
               std::string::npos,
             late.error_message);
  for (int i = 0; i < 20; ++i) {
    auto& r = got[key("expired-" + std::to_string(i), 1)];
    BOOST_TEST((r.error == algo_failure::timeout));
    BOOST_TEST(r.error_message ==
               "the deadline passed before the model was asked");
  }
  auto& other = got[key("other", 1)];
  BOOST_TEST((other.error == algo_failure::timeout));
  BOOST_TEST(other.error_message.find("still working on a late request of "
                                      "ledger slowpoke") != std::string::npos,
             other.error_message);

  // The host was not killed: slowpoke's instance saw tick 1 and counts on.
  w.request("slowpoke", 2, "slow_first", in(10s));
  auto next = w.replies(10s, 1);
  BOOST_REQUIRE(next.count(key("slowpoke", 2)) == 1);
  auto& reply = next[key("slowpoke", 2)];
  BOOST_TEST(!reply.error.has_value(), reply.error_message);
  BOOST_REQUIRE(reply.orders.size() == 1u);
  BOOST_TEST(reply.orders[0].shares.shares() == 2);
  BOOST_TEST(worker.running());
}

BOOST_AUTO_TEST_SUITE_END()
