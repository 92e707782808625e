// The live events' pure parts without sockets: the resume ring's rule
// (gap-free or reset), the hub's recording window, its client cap and
// each client's bounded backlog, and the SSE framing of the codecs' JSON.

#include "api/event_hub.hpp"
#include "api/event_ring.hpp"
#include "messaging/codec_event.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::api;

namespace {

sse_event_ptr status_of(std::int64_t id, const std::string& ledger) {
  return std::make_shared<const sse_event>(
    id, messaging::status_event{ledger, ledger_status::running, timestamp{}});
}

std::vector<std::int64_t> ids(const resume_plan& p) {
  std::vector<std::int64_t> out;
  for (auto& e : p.replay)
    out.push_back(e->id());
  return out;
}

// A ring of capacity 3 after events 101..105 of ledgers a, b, a, b, a.
event_ring filled() {
  event_ring r{3, 100};
  const char* ledgers[] = {"a", "b", "a", "b", "a"};
  for (auto* l : ledgers)
    r.push(status_of(r.next_id(), l));
  return r;
}

tick_record tick_of(const std::string& ledger, std::int64_t n) {
  tick_record r;
  r.ledger = ledger;
  r.tick = n;
  r.outcome = tick_outcome::no_quote;
  return r;
}

// The ids in SSE text, in order.
std::vector<std::int64_t> ids_in(const std::string& text) {
  std::vector<std::int64_t> out;
  std::size_t at = 0;
  while ((at = text.find("id: ", at)) != std::string::npos) {
    at += 4;
    out.push_back(std::stoll(text.substr(at, text.find('\n', at) - at)));
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_ring_and_hub)

BOOST_AUTO_TEST_CASE(a_resume_within_the_ring_replays_exactly_the_rest) {
  auto r = filled();
  BOOST_TEST(r.size() == 3u);
  BOOST_TEST(r.resumable_from() == 102); // 101 and 102 were evicted
  auto p = r.resume(103, "");
  BOOST_TEST(!p.reset);
  BOOST_TEST(ids(p) == (std::vector<std::int64_t>{104, 105}));
  // The oldest resumable id: the events after it are all still held.
  BOOST_TEST(ids(r.resume(102, "")) ==
             (std::vector<std::int64_t>{103, 104, 105}));
  // One ledger's client gets its own events only.
  BOOST_TEST(ids(r.resume(102, "a")) == (std::vector<std::int64_t>{103, 105}));
  // The latest id: nothing missed, nothing to replay.
  auto latest = r.resume(105, "");
  BOOST_TEST(!latest.reset);
  BOOST_TEST(latest.replay.empty());
}

BOOST_AUTO_TEST_CASE(ids_older_than_the_ring_or_unknown_get_a_reset) {
  auto r = filled();
  BOOST_TEST(r.resume(101, "").reset); // 102 was evicted
  BOOST_TEST(r.resume(0, "").reset);   // an earlier process's id
  BOOST_TEST(r.resume(106, "").reset); // not given yet
  auto fresh = r.resume(std::nullopt, "");
  BOOST_TEST(!fresh.reset);
  BOOST_TEST(fresh.replay.empty()); // a new client: live events only
}

BOOST_AUTO_TEST_CASE(a_pause_burns_an_id_so_the_last_one_no_longer_resumes) {
  auto r = filled();
  r.pause(); // events went on unrecorded
  BOOST_TEST(r.size() == 0u);
  BOOST_TEST(r.resume(105, "").reset);
  BOOST_TEST(r.next_id() == 107);
  r.push(status_of(107, "a"));
  BOOST_TEST(r.resume(105, "").reset);
  BOOST_TEST(ids(r.resume(106, "")) == (std::vector<std::int64_t>{107}));
}

BOOST_AUTO_TEST_CASE(a_ring_of_none_resumes_only_the_latest_id) {
  event_ring r{0, 10};
  r.push(status_of(11, "a"));
  r.push(status_of(12, "a"));
  BOOST_TEST(r.size() == 0u);
  BOOST_TEST(!r.resume(12, "").reset);
  BOOST_TEST(r.resume(11, "").reset);
}

BOOST_AUTO_TEST_CASE(ids_must_be_consecutive) {
  event_ring r{3, 10};
  BOOST_CHECK_THROW(r.push(status_of(12, "a")), std::logic_error);
}

BOOST_AUTO_TEST_CASE(a_frame_is_the_codecs_json_under_its_id) {
  auto record = tick_of("alpha", 7);
  sse_event e{42, record};
  BOOST_TEST(e.frame() == "id: 42\nevent: tick\ndata: " +
                            messaging::encode_tick_event(record) + "\n\n");
  messaging::status_event s{"alpha", ledger_status::stopped, timestamp{}};
  sse_event st{43, s};
  BOOST_TEST(st.frame() == "id: 43\nevent: status\ndata: " +
                             messaging::encode_status_event(s) + "\n\n");
  BOOST_TEST(e.frame() == e.frame()); // encoded once, kept
}

BOOST_AUTO_TEST_CASE(nobody_listening_records_nothing) {
  auto hub = std::make_shared<event_hub>(event_hub_options{}, 1000);
  hub->tick(tick_of("a", 1));
  hub->status("a", ledger_status::running, timestamp{});
  auto f = hub->figures();
  BOOST_TEST(!f.recording);
  BOOST_TEST(f.events == 0u);
  BOOST_TEST(f.retained == 0u);
}

BOOST_AUTO_TEST_CASE(a_client_that_leaves_resumes_within_the_window) {
  auto now = std::chrono::steady_clock::time_point{};
  event_hub_options o;
  o.retain_for = std::chrono::seconds{60};
  auto hub = std::make_shared<event_hub>(o, 1000, [&] { return now; });
  std::string out;
  {
    auto sub = hub->subscribe("a", std::nullopt);
    hub->tick(tick_of("a", 1)); // 1001
    hub->tick(tick_of("b", 1)); // 1002: another ledger's
    BOOST_TEST(sub->take(out, 1 << 20));
    BOOST_TEST(ids_in(out) == (std::vector<std::int64_t>{1001}));
  }
  // Nobody listens, but within the window events are still kept.
  now += std::chrono::seconds{30};
  hub->tick(tick_of("a", 2)); // 1003
  auto back = hub->subscribe("a", 1001);
  BOOST_TEST(back->resumed());
  out.clear();
  BOOST_TEST(back->take(out, 1 << 20));
  BOOST_TEST(ids_in(out) == (std::vector<std::int64_t>{1003}));
  back.reset();
  // Past the window the next event stops the recording; a resume is reset.
  now += std::chrono::seconds{61};
  hub->tick(tick_of("a", 3));
  BOOST_TEST(!hub->figures().recording);
  auto late = hub->subscribe("a", 1003);
  BOOST_TEST(late->was_reset());
  out.clear();
  BOOST_TEST(late->take(out, 1 << 20));
  BOOST_TEST(out.rfind("event: reset\ndata: {", 0) == 0, out);
  BOOST_TEST(out.find("\"last_event_id\":1003") != std::string::npos, out);
  BOOST_TEST(hub->figures().resets == 1u);
}

BOOST_AUTO_TEST_CASE(the_client_cap_refuses_one_more) {
  event_hub_options o;
  o.max_clients = 2;
  auto hub = std::make_shared<event_hub>(o, 0);
  auto one = hub->subscribe("", std::nullopt);
  auto two = hub->subscribe("a", std::nullopt);
  BOOST_TEST(!hub->subscribe("b", std::nullopt));
  BOOST_TEST(hub->figures().refused == 1u);
  two.reset(); // a place is free again
  BOOST_TEST(hub->subscribe("b", std::nullopt) != nullptr);
}

BOOST_AUTO_TEST_CASE(a_client_past_its_backlog_is_cut_off_alone) {
  event_hub_options o;
  o.backlog = 2;
  auto hub = std::make_shared<event_hub>(o, 0);
  auto slow = hub->subscribe("", std::nullopt);
  auto fast = hub->subscribe("", std::nullopt);
  int woken = 0;
  fast->start([&] { ++woken; });
  std::string out;
  BOOST_TEST(fast->take(out, 1 << 20));
  BOOST_TEST(out.empty()); // now waiting: the next event wakes it
  for (int i = 1; i <= 3; ++i) {
    hub->tick(tick_of("a", i));
    out.clear();
    BOOST_TEST(fast->take(out, 1 << 20));
    BOOST_TEST(ids_in(out) == (std::vector<std::int64_t>{i}));
    out.clear();
    BOOST_TEST(fast->take(out, 1 << 20)); // empty again: waits
  }
  BOOST_TEST(woken == 3); // once per event it waited for
  out.clear();
  BOOST_TEST(!slow->take(out, 1 << 20)); // three behind, backlog two
  BOOST_TEST(hub->figures().dropped == 1u);
}

BOOST_AUTO_TEST_CASE(takes_are_batched_by_size) {
  auto hub = std::make_shared<event_hub>(event_hub_options{}, 0);
  auto sub = hub->subscribe("", std::nullopt);
  for (int i = 1; i <= 5; ++i)
    hub->tick(tick_of("a", i));
  std::string out;
  BOOST_TEST(sub->take(out, 1)); // past the limit after the first event
  BOOST_TEST(ids_in(out) == (std::vector<std::int64_t>{1}));
  out.clear();
  BOOST_TEST(sub->take(out, 1 << 20));
  BOOST_TEST(ids_in(out) == (std::vector<std::int64_t>{2, 3, 4, 5}));
}

BOOST_AUTO_TEST_SUITE_END()
