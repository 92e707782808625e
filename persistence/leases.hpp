#pragma once

// The leases of one ledgerd node on the engine shards (docs/scale-out.md):
// Postgres session-level advisory locks held on a connection of the node's
// own. The server releases them all when that connection ends, however the
// node died (kill -9, a lost network), so no heartbeat of ours decides who
// is alive. Each acquisition raises the shard's epoch in engine_shards; the
// node's writes carry it (store::write_ticks with a write_fence).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ledger::persistence {

/// A live node (its node lock held) and the shards whose leases it holds.
struct engine_node {
  std::int64_t id = 0; ///< in join order
  std::string name;
  std::string http; ///< its REST address, as it said
  std::vector<int> shards;
};

/// The live nodes in join order, read from any connection (pg_locks).
std::vector<engine_node> live_engine_nodes(const std::string& url);

/// One node's lease connection. One thread uses it (the lease keeper).
class lease_session {
public:
  /// Connects; adds one engine_shards row per shard when the database has
  /// none; registers the node and takes its node lock. Throws
  /// std::invalid_argument when the database is split into another number
  /// of shards, std::runtime_error when a live node has this name, and
  /// store_unavailable when the database cannot be reached. Messages never
  /// contain the password.
  lease_session(const std::string& url, std::string node, std::string http,
                int shards);
  ~lease_session();
  lease_session(const lease_session&) = delete;
  lease_session& operator=(const lease_session&) = delete;

  std::int64_t node_id() const;

  /// live_engine_nodes on this connection.
  std::vector<engine_node> live_nodes();

  /// Takes the shard's lease if no session holds it: raises its epoch and
  /// records this node as its owner. The new epoch, or nullopt when another
  /// node holds it.
  std::optional<std::int64_t> try_acquire(int shard);

  /// Gives the shard's lease up.
  void release(int shard);

  /// true while the connection, and so every lock it holds, lives.
  bool alive();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace ledger::persistence
