// Scale-out through the consistent-hash exchange: a worker that joins
// takes a share of the ledgers, and when a worker dies its share rehashes
// onto the survivor within seconds (the requests it held are lost: the
// engine records timeout for them).
//
// Who answered is told apart by freezing a worker (SIGSTOP): the ledgers
// still answered then are the other worker's share.

#include "tests/lanes/lanes_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <set>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

constexpr int ledger_count = 200;

std::string ledger_name(int i) {
  return "ledger-" + std::to_string(i);
}

timestamp in(std::chrono::milliseconds d) {
  return std::chrono::system_clock::now() + d;
}

/// Ledgers answered, without error, among the replies for `tick`.
std::set<std::string> answered(const std::map<std::string, algo_reply>& got,
                               std::int64_t tick) {
  std::set<std::string> out;
  for (auto& [id, reply] : got) {
    BOOST_TEST(!reply.error.has_value(), id << ": " << reply.error_message);
    if (reply.tick == tick)
      out.insert(reply.ledger);
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(scale_out)

BOOST_AUTO_TEST_CASE(workers_share_the_ledgers_and_the_survivor_takes_all) {
  lanes_world w;
  auto& first = w.start_worker(2);

  // Alone, the first worker answers every ledger.
  for (int i = 0; i < ledger_count; ++i)
    w.request(ledger_name(i), 1, "builtin:null", in(10s));
  BOOST_TEST(answered(w.replies(15s, ledger_count), 1).size() ==
             std::size_t{ledger_count});

  // A second worker joins and takes a share: with the first frozen, only
  // the second one's ledgers are answered.
  auto& second = w.start_worker(2);
  first.signal(SIGSTOP);
  for (int i = 0; i < ledger_count; ++i)
    w.request(ledger_name(i), 2, "builtin:null", in(10s));
  auto of_second = answered(w.replies(3s), 2);
  BOOST_TEST_MESSAGE("the second worker's share: " << of_second.size() << " of "
                                                   << ledger_count);
  BOOST_TEST(of_second.size() > 0u);
  BOOST_TEST(of_second.size() < std::size_t{ledger_count});

  // The first one dies with its share's requests unanswered: they are
  // lost with its queues. Its ledgers rehash onto the survivor.
  first.signal(SIGKILL);
  first.wait(10s);
  auto begun = std::chrono::steady_clock::now();
  std::set<std::string> missing;
  for (int i = 0; i < ledger_count; ++i)
    missing.insert(ledger_name(i));
  std::int64_t tick = 3;
  std::set<std::string> late_tick_2;
  while (!missing.empty() && std::chrono::steady_clock::now() - begun < 20s) {
    for (auto& ledger : missing)
      w.request(ledger, tick, "builtin:null", in(10s));
    auto got = w.replies(500ms);
    for (auto& [id, reply] : got)
      if (reply.tick == 2)
        late_tick_2.insert(reply.ledger);
    for (auto& ledger : answered(got, tick))
      missing.erase(ledger);
    ++tick;
  }
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - begun);
  BOOST_TEST_MESSAGE("every ledger answered by the survivor after "
                     << took.count() << " ms");
  BOOST_TEST(missing.empty(), missing.size() << " ledgers never answered");
  BOOST_TEST(late_tick_2.empty(), late_tick_2.size()
                                    << " requests of the dead worker answered");
  BOOST_TEST(second.running());
}

BOOST_AUTO_TEST_SUITE_END()
