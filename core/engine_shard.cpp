#include "core/engine_shard.hpp"

#include <cstdint>

namespace ledger {

int engine_shard_of(std::string_view name, int shards) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return shards <= 1 ? 0 : static_cast<int>(h % static_cast<unsigned>(shards));
}

int fair_share(int shards, int nodes, int rank) {
  if (nodes <= 0 || rank < 0 || rank >= nodes)
    return 0;
  return shards / nodes + (rank < shards % nodes ? 1 : 0);
}

} // namespace ledger
