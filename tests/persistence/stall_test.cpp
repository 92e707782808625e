// A server that stops answering (frozen, not gone): the store breaks a call
// off at its stall limit instead of waiting for the server to wake, says
// whether a COMMIT was in flight (outcome_unknown), and works again once
// the server answers. The server here is the real one, behind a proxy
// that stops passing bytes (tests/support/freezable_proxy.hpp), so the
// Postgres other tests share never freezes.

#include "persistence/connection_url.hpp"
#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"
#include "tests/support/freezable_proxy.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <typeinfo>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;
using persistence::outcome_unknown;
using persistence::store;
using persistence::store_unavailable;

namespace {

constexpr auto limit = 300ms;

// A migrated database, a proxy in front of it and a store through the
// proxy with a short stall limit; `direct` bypasses the proxy.
struct stalled_store : migrated_store {
  std::unique_ptr<freezable_proxy> proxy;
  std::unique_ptr<store> through;
  stalled_store() {
    pqxx::connection c{db.url()};
    proxy = std::make_unique<freezable_proxy>(
      c.hostname(), static_cast<unsigned short>(std::stoi(c.port())));
    through = std::make_unique<store>(
      persistence::with_server(db.url(), "127.0.0.1", proxy->port()), limit);
  }
  store& direct() { return s; }
};

tick_record quiet_tick(std::string ledger, std::int64_t tick) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.time = at(1'700'000'000'000'000 + tick * 1'000'000);
  r.outcome = tick_outcome::no_quote;
  r.balance = cash("1000");
  return r;
}

// Runs `call`; returns the type it threw ("" if none) and its message.
template <class Call>
std::pair<std::string, std::string> failure_of(Call call) {
  try {
    call();
  } catch (const outcome_unknown& e) {
    return {"outcome_unknown", e.what()};
  } catch (const store_unavailable& e) {
    return {"store_unavailable", e.what()};
  } catch (const std::exception& e) {
    return {typeid(e).name(), e.what()};
  }
  return {"", ""};
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(stall, stalled_store)

BOOST_AUTO_TEST_CASE(a_call_the_server_never_answers_fails_at_the_limit) {
  BOOST_TEST(!through->find_ledger("nobody").has_value());
  proxy->freeze();
  auto [type, message] = failure_of([&] { through->find_ledger("nobody"); });
  BOOST_TEST(type == "store_unavailable", message);
  BOOST_TEST(mentions(message, "did not answer within 300 ms"), message);
  BOOST_TEST(!mentions(message, "password="), message);
  proxy->thaw();
  // Back: the next call reconnects and works.
  direct().create_ledger(plain_ledger("alpha"));
  BOOST_TEST(through->find_ledger("alpha").has_value());
  BOOST_TEST(proxy->accepted() == 2);
}

BOOST_AUTO_TEST_CASE(
  a_commit_the_server_took_but_never_acknowledged_is_in_doubt) {
  proxy->freeze_after("COMMIT");
  auto [type, message] =
    failure_of([&] { through->create_ledger(plain_ledger("doubtful")); });
  BOOST_TEST(type == "outcome_unknown", message);
  BOOST_TEST(mentions(message, "whether it took effect is unknown"), message);
  proxy->thaw();
  // The server had it: the record exists, and a retry finds it taken.
  BOOST_TEST(direct().find_ledger("doubtful").has_value());
  BOOST_TEST(!through->create_ledger(plain_ledger("doubtful")));
}

BOOST_AUTO_TEST_CASE(a_commit_sent_to_a_frozen_server_is_in_doubt_and_runs) {
  // The COMMIT waits in the frozen server's buffers, as it would in a
  // SIGSTOPped one: the client cannot know, and the server commits on
  // waking even though the client has closed the connection.
  proxy->freeze_before("COMMIT");
  auto [type, message] =
    failure_of([&] { through->create_ledger(plain_ledger("late")); });
  BOOST_TEST(type == "outcome_unknown", message);
  proxy->thaw();
  // Once the server has read it (waiting on the uncommitted row until
  // then), the name is taken.
  BOOST_TEST(!direct().create_ledger(plain_ledger("late")));
}

BOOST_AUTO_TEST_CASE(a_call_cut_before_its_commit_changes_nothing) {
  proxy->freeze_before("INSERT INTO ledgers");
  auto [type, message] =
    failure_of([&] { through->create_ledger(plain_ledger("unborn")); });
  BOOST_TEST(type == "store_unavailable", message);
  BOOST_TEST(mentions(message, "did not answer within 300 ms"), message);
  proxy->thaw();
  // The server runs the insert, then reads the client's close before any
  // COMMIT and rolls it back: a create of the same name (waiting on the
  // uncommitted row until then) succeeds.
  BOOST_TEST(direct().create_ledger(plain_ledger("unborn")));
}

BOOST_AUTO_TEST_CASE(writes_in_doubt_are_written_once_when_sent_again) {
  direct().create_ledger(plain_ledger("alpha"));
  std::vector<tick_record> batch{quiet_tick("alpha", 1),
                                 quiet_tick("alpha", 2)};
  // The batch is one call, its own transaction: the server ran it, its
  // answer never came.
  proxy->freeze_after("write_tick_batch");
  auto [type, message] = failure_of([&] { through->write_ticks(batch); });
  BOOST_TEST(type == "outcome_unknown", message);
  proxy->thaw();
  // What the persistence actor does: the batch stays queued and is
  // written again; the ticks already committed are skipped.
  through->write_ticks(batch);
  BOOST_TEST(direct().ticks("alpha").size() == 2u);
  BOOST_TEST(direct().find_ledger("alpha")->last_tick == 2);
}

// One thread watches every guard and sleeps until the earliest deadline:
// a short limit armed while it waits for a long one must still fire first.
BOOST_AUTO_TEST_CASE(a_short_limit_fires_while_a_long_one_waits) {
  store patient{persistence::with_server(db.url(), "127.0.0.1", proxy->port()),
                std::chrono::seconds{10}};
  BOOST_TEST(!patient.find_ledger("nobody").has_value()); // connected
  BOOST_TEST(!through->find_ledger("nobody").has_value());
  proxy->freeze();
  std::atomic<bool> long_done{false};
  std::thread slow{[&] {
    failure_of([&] { patient.find_ledger("nobody"); });
    long_done = true;
  }};
  std::this_thread::sleep_for(limit / 3); // the long guard armed first
  auto [type, message] = failure_of([&] { through->find_ledger("nobody"); });
  // Had the short guard waited for the long one, both would have fired in
  // one pass, and the long call would end within moments.
  std::this_thread::sleep_for(limit / 3);
  bool short_first = !long_done;
  proxy->thaw(); // the long call gets its answer now
  slow.join();
  BOOST_TEST(type == "store_unavailable", message);
  BOOST_TEST(short_first, "the 300 ms limit waited for the 10 s one");
}

BOOST_AUTO_TEST_CASE(no_limit_waits_for_the_server) {
  store patient{persistence::with_server(db.url(), "127.0.0.1", proxy->port()),
                0ms};
  proxy->freeze();
  std::thread thaw{[&] {
    std::this_thread::sleep_for(2 * limit);
    proxy->thaw();
  }};
  auto [type, message] = failure_of([&] { patient.find_ledger("nobody"); });
  thaw.join();
  BOOST_TEST(type == "", message);
}

BOOST_AUTO_TEST_SUITE_END()
