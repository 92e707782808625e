#pragma once

// Internal: a batch's new facts into their tables by COPY ... FROM STDIN.
// COPY fills heap pages several rows at a time (one WAL record per page
// rather than per row) and skips the executor: about a quarter of the
// server time of INSERT ... SELECT FROM unnest() for the same rows
// (docs/persistence.md). It cannot skip conflicting rows, so only records
// already known to be new come here (persistence/write_ticks.cpp).

#include "core/tick_record.hpp"

#include <pqxx/pqxx>

#include <cstdint>
#include <vector>

namespace ledger::persistence::detail {

/// A record to write, with its ledger's id.
struct new_record {
  std::int64_t ledger_id;
  const tick_record* record;
};

/// Streams the records' ticks, fills (in fill order, so trade ids follow
/// it), rejections and value points. Free text is stored repaired
/// (persistence/text.hpp).
void copy_facts(pqxx::transaction_base& tx,
                const std::vector<new_record>& records);

} // namespace ledger::persistence::detail
