#pragma once

// Which ledgerd node ticks a ledger: ledgers hash to a fixed number of
// engine shards, and a node ticks the ledgers of the shards it holds a
// lease on (docs/scale-out.md). Pure functions; the leases themselves are
// Postgres advisory locks (persistence/leases.hpp).

#include <string_view>

namespace ledger {

/// Shards unless LEDGER_ENGINE_SHARDS says otherwise. Fixed for the life
/// of a database: every node must use the same number.
inline constexpr int default_engine_shards = 64;

/// The most shards a database may be split into (one lock each).
inline constexpr int max_engine_shards = 4096;

/// The shard of a ledger: FNV-1a (64 bits) of its name, modulo `shards`
/// (1 ..= max_engine_shards). Stable across versions and machines: every
/// node and every client computes the same.
int engine_shard_of(std::string_view name, int shards);

/// How many of `shards` the node at `rank` (0-based, in the order the live
/// nodes joined) of `nodes` live nodes should hold: an even split, the
/// first `shards % nodes` nodes taking one more. 0 for a rank out of range.
int fair_share(int shards, int nodes, int rank);

} // namespace ledger
