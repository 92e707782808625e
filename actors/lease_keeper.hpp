#pragma once

// The lease keeper of a ledgerd node (docs/scale-out.md): on a thread of
// its own (libpqxx blocks), once a second, it reads the live nodes, works
// out this node's fair share of the engine shards, takes free shards up to
// it and gives up shards beyond it, telling the registry which ledgers to
// load or to end. When its lease connection breaks, every lease is gone:
// the node stops writing (the fence) and ends all its ledgers at once.

#include "actors/interfaces.hpp"
#include "actors/shard_ownership.hpp"

#include <caf/actor_system.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ledger {

namespace persistence {
class lease_session;
}

struct lease_settings {
  std::string database_url;
  std::string http; ///< this node's REST address, for the others to name
  std::chrono::milliseconds interval{1000};
  /// Longest a release may take (ledgers ending, their facts committed)
  /// before the lease is given up anyway.
  std::chrono::milliseconds release_limit{std::chrono::seconds{10}};
};

class lease_keeper {
public:
  lease_keeper(caf::actor_system& sys,
               std::shared_ptr<shard_ownership> ownership,
               lease_settings settings);
  ~lease_keeper();

  /// Joins (throws what persistence::lease_session's constructor throws)
  /// and takes this node's share of the free shards, before the engine
  /// exists: its first command already finds its shards held.
  void join();

  /// Loads the ledgers of the shards held through `registry`, then keeps
  /// the leases on its thread. Returns the ledgers loaded.
  std::size_t start(registry_actor registry);

  /// Stops the thread; the leases stay held until the destructor, so the
  /// caller can stop the engine (its last facts written) first.
  void halt();

private:
  void run();
  std::size_t round();
  std::size_t take(std::size_t wanted,
                   const std::vector<persistence::engine_node>& nodes);
  std::size_t load(const std::vector<int>& shards);
  void give_up(const std::vector<int>& shards);
  void lose_all(const std::string& why);

  caf::actor_system& sys_;
  registry_actor registry_;
  std::shared_ptr<shard_ownership> ownership_;
  lease_settings settings_;
  std::unique_ptr<persistence::lease_session> session_;
  std::mutex mutex_;
  std::condition_variable wake_;
  /// Set by halt(): a round in progress takes no more shards.
  std::atomic<bool> stop_{false};
  std::string last_error_; ///< said once, not every round
  std::thread thread_;
};

} // namespace ledger
