#pragma once

// Which engine shards this ledgerd node holds, at which epoch, and who
// holds the others as last seen (docs/scale-out.md). Written by the lease
// keeper's thread, read by the registry (is a ledger ours?), the
// persistence actor (the epochs its writes carry) and the REST adapter
// (which node owns a ledger). Thread-safe.

#include "core/engine_shard.hpp"
#include "persistence/leases.hpp"
#include "persistence/store.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ledger {

class shard_ownership {
public:
  shard_ownership(std::string node, int shards);

  const std::string& node() const { return node_; }
  int shards() const { return shards_; }
  int shard_of(std::string_view ledger) const {
    return engine_shard_of(ledger, shards_);
  }

  /// Whether this node holds the lease of the ledger's shard.
  bool holds(std::string_view ledger) const;
  std::vector<int> held() const;

  /// The epochs this node writes under.
  persistence::write_fence fence() const;

  void grant(int shard, std::int64_t epoch);
  void revoke(int shard);

  /// The shards whose forwarded commands this node takes (its broker link
  /// consumes their queues): those held whose ledgers are loaded. Each
  /// change raises serving_generation(), which the link watches.
  void serve(const std::vector<int>& shards);
  void stop_serving(const std::vector<int>& shards);
  std::vector<int> serving() const;
  std::uint64_t serving_generation() const { return generation_.load(); }

  /// Why this node holds no lease now that it cannot reach the database
  /// (its lease connection failed); empty while it can.
  void set_lost(std::string why);
  std::string lost() const;

  /// The live nodes as the lease keeper last read them.
  void set_nodes(std::vector<persistence::engine_node> nodes);
  std::vector<persistence::engine_node> nodes() const;

  /// The node holding the ledger's shard as last seen: this node's name
  /// when it holds it, "" when nobody does.
  std::string owner_of(std::string_view ledger) const;

  /// "ledger X belongs to engine shard N, leased by node B (http://...)":
  /// the sentence of a not_owner error.
  std::string misdirected(std::string_view ledger) const;

private:
  const std::string node_;
  const int shards_;
  mutable std::mutex mutex_;
  std::map<int, std::int64_t> epochs_;
  std::set<int> serving_;
  std::atomic<std::uint64_t> generation_{0};
  std::vector<persistence::engine_node> nodes_;
  std::string lost_;
};

} // namespace ledger
