#include "actors/lease_keeper.hpp"

#include "actors/errors.hpp"
#include "persistence/leases.hpp"

#include <caf/scoped_actor.hpp>

#include <algorithm>
#include <iostream>
#include <set>

namespace ledger {

namespace {

constexpr auto load_limit = std::chrono::seconds{60};

} // namespace

lease_keeper::lease_keeper(caf::actor_system& sys,
                           std::shared_ptr<shard_ownership> ownership,
                           lease_settings settings)
  : sys_(sys), ownership_(std::move(ownership)),
    settings_(std::move(settings)) {}

lease_keeper::~lease_keeper() {
  halt();
  // Closing the session releases every lock it holds.
  session_.reset();
}

void lease_keeper::join() {
  session_ = std::make_unique<persistence::lease_session>(
    settings_.database_url, ownership_->node(), settings_.http,
    ownership_->shards());
  round();
}

std::size_t lease_keeper::start(registry_actor registry) {
  registry_ = std::move(registry);
  auto held = ownership_->held();
  auto loaded = load(held);
  ownership_->serve(held);
  thread_ = std::thread{[this] { run(); }};
  return loaded;
}

void lease_keeper::halt() {
  {
    std::lock_guard<std::mutex> lock{mutex_};
    stop_.store(true);
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void lease_keeper::run() {
  std::unique_lock<std::mutex> lock{mutex_};
  while (!wake_.wait_for(lock, settings_.interval,
                         [this] { return stop_.load(); })) {
    lock.unlock();
    try {
      if (!session_)
        session_ = std::make_unique<persistence::lease_session>(
          settings_.database_url, ownership_->node(), settings_.http,
          ownership_->shards());
      round();
      ownership_->set_lost("");
      last_error_.clear();
    } catch (const std::exception& e) {
      lose_all(e.what());
    }
    lock.lock();
  }
}

std::size_t lease_keeper::round() {
  if (!session_->alive())
    throw std::runtime_error("the lease connection is gone");
  auto nodes = session_->live_nodes();
  ownership_->set_nodes(nodes);
  auto me = std::find_if(nodes.begin(), nodes.end(),
                         [&](auto& n) { return n.id == session_->node_id(); });
  if (me == nodes.end())
    throw std::runtime_error("this node's own lock is gone");
  auto target = static_cast<std::size_t>(
    fair_share(ownership_->shards(), static_cast<int>(nodes.size()),
               static_cast<int>(me - nodes.begin())));
  auto held = ownership_->held();
  if (held.size() > target) {
    // The highest shards go: a joining node finds them free next round.
    give_up({held.begin() + static_cast<std::ptrdiff_t>(target), held.end()});
    return 0;
  }
  if (held.size() < target)
    return take(target - held.size(), nodes);
  return 0;
}

std::size_t
lease_keeper::take(std::size_t wanted,
                   const std::vector<persistence::engine_node>& nodes) {
  std::set<int> leased;
  for (auto& n : nodes)
    leased.insert(n.shards.begin(), n.shards.end());
  std::vector<int> got;
  // A stopping node takes nothing: it would load ledgers only to end them,
  // and its stop would wait for that.
  for (int shard = 0;
       shard < ownership_->shards() && got.size() < wanted && !stop_.load();
       ++shard) {
    if (leased.count(shard) > 0)
      continue;
    if (auto epoch = session_->try_acquire(shard)) {
      ownership_->grant(shard, *epoch);
      got.push_back(shard);
    }
  }
  if (got.empty())
    return 0;
  auto loaded = load(got);
  if (registry_)
    ownership_->serve(got);
  if (registry_)
    std::cout << "leases: node " << ownership_->node() << " took " << got.size()
              << " engine shard(s), " << loaded << " ledger(s); holds "
              << ownership_->held().size() << " of " << ownership_->shards()
              << std::endl;
  return loaded;
}

// Before start() the engine does not exist yet: start() loads them all.
std::size_t lease_keeper::load(const std::vector<int>& shards) {
  if (!registry_ || shards.empty())
    return 0;
  std::size_t loaded = 0;
  caf::scoped_actor self{sys_};
  self->request(registry_, load_limit, atom::acquire::value, shards)
    .receive([&](std::size_t n) { loaded = n; },
             [&](caf::error& e) {
               // The shards stay ours: their ledgers load on the next
               // restart, or when the shard moves. Say so.
               std::cerr << "leases: took " << shards.size()
                         << " shard(s) but could not load their ledgers: "
                         << message_of(e) << '\n';
             });
  return loaded;
}

void lease_keeper::give_up(const std::vector<int>& shards) {
  // Forwarded commands for these shards wait in their queues for the next
  // owner from now on.
  ownership_->stop_serving(shards);
  caf::scoped_actor self{sys_};
  self
    ->request(registry_, settings_.release_limit, atom::release::value, shards)
    .receive([](std::size_t) {},
             [&](caf::error& e) {
               std::cerr << "leases: giving up " << shards.size()
                         << " shard(s) before their ledgers' last facts were "
                            "committed: "
                         << message_of(e) << '\n';
             });
  // Fenced before unlocked: nothing of these shards is written from now.
  for (int shard : shards)
    ownership_->revoke(shard);
  for (int shard : shards)
    session_->release(shard);
  std::cout << "leases: node " << ownership_->node() << " gave up "
            << shards.size() << " engine shard(s); holds "
            << ownership_->held().size() << " of " << ownership_->shards()
            << std::endl;
}

void lease_keeper::lose_all(const std::string& why) {
  ownership_->set_lost(why);
  auto held = ownership_->held();
  session_.reset();
  if (held.empty()) {
    if (why != last_error_) // once per cause, not once a second
      std::cerr << "leases: " << why << "; retrying every "
                << settings_.interval.count() << " ms\n";
    last_error_ = why;
    return;
  }
  last_error_ = why;
  // Another node may tick these ledgers already: stop writing first, then
  // end the actors.
  for (int shard : held)
    ownership_->revoke(shard);
  ownership_->stop_serving(held);
  std::cerr << "leases: lost all " << held.size() << " engine shard(s) (" << why
            << "); their ledgers stop here\n";
  caf::scoped_actor self{sys_};
  self->request(registry_, settings_.release_limit, atom::release::value, held)
    .receive([](std::size_t) {}, [](caf::error&) {});
}

} // namespace ledger
