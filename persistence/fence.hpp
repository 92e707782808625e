#pragma once

// The fence of several ledgerd nodes (docs/scale-out.md, "Fencing"): in a
// writing transaction, before anything is written, the epochs of the
// shards written to are read FOR SHARE and compared with the writer's.

#include "persistence/session.hpp"
#include "persistence/store.hpp"

#include <set>

namespace ledger::persistence::detail {

/// Of the shards `asked`, those this writer may not write: held under no
/// lease in `fence`, or at another epoch in the database (taken over).
/// Holds a share lock on their rows until the transaction ends, so a
/// takeover's epoch raise waits for this write.
std::set<int> refused_shards(session& db, pqxx::transaction_base& tx,
                             const std::set<int>& asked,
                             const write_fence& fence);

} // namespace ledger::persistence::detail
