// The broker link's bookkeeping without a broker: the confirm window that
// settles pipelined publishes by delivery tag, and the bounded outbox.

#include "actors/confirm_window.hpp"
#include "actors/outbox.hpp"

#include <boost/test/unit_test.hpp>

#include <poll.h>

using namespace ledger;

namespace {

messaging::confirm ack(std::uint64_t tag, bool multiple = false) {
  return {tag, multiple, true};
}

outbound_message message(delivery kind, std::string body = "x") {
  outbound_message m;
  m.kind = kind;
  m.body = std::move(body);
  return m;
}

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(broker_link_parts)

BOOST_AUTO_TEST_CASE(single_confirms_settle_their_tag_and_ack_its_command) {
  confirm_window w;
  w.published(1, std::nullopt);
  w.published(2, confirm_window::delivery_ref{77, 3});
  w.published(3, std::nullopt);
  BOOST_TEST(w.in_flight() == 3u);
  auto s = w.settle(ack(2));
  BOOST_TEST(s.confirmed == 1u);
  BOOST_REQUIRE_EQUAL(s.acks.size(), 1u);
  BOOST_TEST(s.acks[0].first == 77u);
  BOOST_TEST(s.acks[0].second == 3u);
  BOOST_TEST(w.in_flight() == 2u);
  // A repeated confirm settles nothing twice.
  BOOST_TEST(w.settle(ack(2)).confirmed == 0u);
  BOOST_TEST(w.settle(ack(1)).confirmed == 1u);
  BOOST_TEST(w.settle(ack(3)).confirmed == 1u);
  BOOST_TEST(w.in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(multiple_settles_every_tag_up_to_it) {
  confirm_window w;
  for (std::uint64_t t = 1; t <= 10; ++t)
    w.published(
      t, t % 4 == 0
           ? std::optional<
               confirm_window::delivery_ref>{confirm_window::delivery_ref{
               t * 10, 1}}
           : std::nullopt);
  w.settle(ack(5)); // out of order first
  auto s = w.settle(ack(6, true));
  BOOST_TEST(s.confirmed == 5u); // 1-4 and 6; 5 was settled already
  BOOST_REQUIRE_EQUAL(s.acks.size(), 1u);
  BOOST_TEST(s.acks[0].first == 40u);
  BOOST_TEST(w.in_flight() == 4u);
  auto rest = w.settle(messaging::confirm{10, true, false});
  BOOST_TEST(rest.nacked == 4u);
  // A nacked reply still acks its command: running it twice could apply
  // it twice.
  BOOST_REQUIRE_EQUAL(rest.acks.size(), 1u);
  BOOST_TEST(rest.acks[0].first == 80u);
  BOOST_TEST(w.in_flight() == 0u);
  // Tags beyond what was published are ignored.
  BOOST_TEST(w.settle(ack(99)).confirmed == 0u);
}

BOOST_AUTO_TEST_CASE(a_reset_forgets_the_old_connection) {
  confirm_window w;
  w.published(1, std::nullopt);
  w.published(2, std::nullopt);
  BOOST_TEST(w.reset() == 2u);
  BOOST_TEST(w.in_flight() == 0u);
  // The next connection numbers from 1 again.
  w.published(1, std::nullopt);
  BOOST_TEST(w.settle(ack(1)).confirmed == 1u);
}

BOOST_AUTO_TEST_CASE(the_outbox_is_bounded_per_lane_and_wakes_its_reader) {
  outbox box{outbox_limits{2, 3}};
  BOOST_TEST(!readable(box.wake_fd()));
  auto r1 = message(delivery::request), r2 = message(delivery::request),
       r3 = message(delivery::request, "third");
  BOOST_TEST(box.push(r1));
  BOOST_TEST(readable(box.wake_fd()));
  BOOST_TEST(box.push(r2));
  BOOST_TEST(!box.push(r3));
  BOOST_TEST(r3.body == "third"); // a refused message is left untouched
  for (int i = 0; i < 3; ++i) {
    auto e = message(delivery::event);
    BOOST_TEST(box.push(e));
  }
  auto e = message(delivery::event);
  BOOST_TEST(!box.push(e));
  // Replies are bounded by the consumer's prefetch, not here.
  for (int i = 0; i < 10; ++i) {
    auto r = message(delivery::reply);
    BOOST_TEST(box.push(r));
  }
  BOOST_TEST(box.size() == 15u);
  auto batch = box.take();
  BOOST_TEST(batch.requests.size() == 2u);
  BOOST_TEST(batch.events.size() == 3u);
  BOOST_TEST(batch.replies.size() == 10u);
  BOOST_TEST(!readable(box.wake_fd()));
  BOOST_TEST(box.size() == 0u);
  BOOST_TEST(box.push(r3)); // room again
  BOOST_TEST(readable(box.wake_fd()));
}

BOOST_AUTO_TEST_SUITE_END()
