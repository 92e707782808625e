// Engine shard leases (persistence/leases.hpp) and fenced writes
// (store::write_ticks with a write_fence) on a real database: one holder
// per shard, an epoch raised by every acquisition, locks released with the
// session, and a write under an old epoch refused.

#include "core/engine_shard.hpp"
#include "persistence/leases.hpp"
#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using persistence::lease_session;
using persistence::write_fence;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000;

tick_record tick(std::string ledger, std::int64_t n) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = n;
  r.time = at(t0 + n * 1'000'000);
  r.outcome = tick_outcome::ok;
  r.value = cash("1000");
  r.balance = cash("1000");
  return r;
}

struct leased_store : migrated_store {
  std::int64_t count(const std::string& sql) {
    pqxx::connection c{db.url()};
    pqxx::nontransaction tx{c};
    return tx.exec1(sql)[0].as<std::int64_t>();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(leases, leased_store)

BOOST_AUTO_TEST_CASE(
  one_holder_per_shard_and_every_acquisition_raises_the_epoch) {
  auto a = std::make_unique<lease_session>(db.url(), "a", "127.0.0.1:1", 8);
  lease_session b{db.url(), "b", "127.0.0.1:2", 8};
  BOOST_TEST(count("SELECT count(*) FROM engine_shards") == 8);
  auto first = a->try_acquire(3);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(*first == 1);
  BOOST_TEST(!b.try_acquire(3).has_value()); // a holds it
  auto nodes = b.live_nodes();
  BOOST_REQUIRE(nodes.size() == 2u);
  BOOST_TEST(nodes[0].name == "a");
  BOOST_TEST(nodes[0].http == "127.0.0.1:1");
  BOOST_TEST(nodes[0].shards == std::vector<int>{3});
  BOOST_TEST(nodes[1].shards.empty());
  // Given up: the other takes it, at a higher epoch.
  a->release(3);
  auto second = b.try_acquire(3);
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(*second == 2);
  // A node that dies (its session ends) frees its shards for the others.
  BOOST_REQUIRE(a->try_acquire(4).has_value());
  a.reset();
  // The server releases a's locks once its backend has seen the
  // connection close: a moment later, not at once.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (b.live_nodes().size() != 1u &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  BOOST_TEST(b.live_nodes().size() == 1u);
  auto third = b.try_acquire(4);
  BOOST_REQUIRE(third.has_value());
  BOOST_TEST(*third == 2);
}

BOOST_AUTO_TEST_CASE(a_node_name_runs_once_and_the_shard_count_is_fixed) {
  lease_session a{db.url(), "a", "", 8};
  BOOST_CHECK_EXCEPTION(lease_session(db.url(), "a", "", 8), std::runtime_error,
                        [](const std::runtime_error& e) {
                          return std::string{e.what()} ==
                                 "a node named a is running already "
                                 "(--node-name)";
                        });
  BOOST_CHECK_EXCEPTION(
    lease_session(db.url(), "c", "", 16), std::invalid_argument,
    [](const std::invalid_argument& e) {
      return std::string{e.what()}.find("split into 8 engine shards, this "
                                        "node into 16") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(a_write_under_an_old_epoch_is_refused) {
  BOOST_REQUIRE(s.create_ledger(plain_ledger("alpha")));
  BOOST_REQUIRE(s.create_ledger(plain_ledger("beta")));
  auto shard_alpha = engine_shard_of("alpha", 8);
  auto shard_beta = engine_shard_of("beta", 8);
  BOOST_REQUIRE(shard_alpha != shard_beta);
  lease_session old_owner{db.url(), "old", "", 8};
  write_fence old_fence{8, {}};
  old_fence.epochs[shard_alpha] = *old_owner.try_acquire(shard_alpha);
  old_fence.epochs[shard_beta] = *old_owner.try_acquire(shard_beta);
  auto ok = s.write_ticks({tick("alpha", 1), tick("beta", 1)}, old_fence);
  BOOST_TEST(ok.written == 2u);
  BOOST_TEST(ok.refused.empty());

  // The old owner loses alpha's shard (its lock freed, as when its lease
  // connection breaks) and a new owner takes it: the old epoch no longer
  // writes there, though beta's shard is still the old owner's.
  old_owner.release(shard_alpha);
  lease_session new_owner{db.url(), "new", "", 8};
  auto epoch = new_owner.try_acquire(shard_alpha);
  BOOST_REQUIRE(epoch.has_value());
  auto late = s.write_ticks({tick("alpha", 2), tick("beta", 2)}, old_fence);
  BOOST_TEST(late.written == 1u);
  BOOST_TEST(late.refused == std::vector<int>{shard_alpha});
  BOOST_TEST(count("SELECT count(*) FROM ticks t JOIN ledgers l ON "
                   "l.id = t.ledger_id WHERE l.name = 'alpha'") == 1);
  BOOST_TEST(count("SELECT count(*) FROM ticks t JOIN ledgers l ON "
                   "l.id = t.ledger_id WHERE l.name = 'beta'") == 2);

  // The new owner writes alpha's tick 2 under its epoch; a fence without
  // the shard at all writes nothing of it.
  write_fence new_fence{8, {{shard_alpha, *epoch}}};
  BOOST_TEST(s.write_ticks({tick("alpha", 2)}, new_fence).written == 1u);
  auto none = s.write_ticks({tick("beta", 3)}, new_fence);
  BOOST_TEST(none.written == 0u);
  BOOST_TEST(none.refused == std::vector<int>{shard_beta});

  // Status changes are fenced the same way: the old epoch no longer
  // changes alpha's status, the new one does.
  BOOST_TEST(!s.update_status("alpha", ledger_status::stopped, std::nullopt,
                              &old_fence));
  BOOST_TEST((s.find_ledger("alpha")->status != ledger_status::stopped));
  BOOST_TEST(
    s.update_status("beta", ledger_status::stopped, std::nullopt, &old_fence));
  BOOST_TEST((s.find_ledger("beta")->status == ledger_status::stopped));
  BOOST_TEST(
    s.update_status("alpha", ledger_status::stopped, std::nullopt, &new_fence));
  BOOST_TEST((s.find_ledger("alpha")->status == ledger_status::stopped));
}

BOOST_AUTO_TEST_SUITE_END()
