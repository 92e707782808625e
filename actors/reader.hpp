#pragma once

// A read-only window on the database for the REST adapter. It owns its own
// connection on its own thread (spawn it detached: libpqxx blocks), so
// queries neither wait behind the persistence actor's batches nor stall
// CAF's workers. Each request is a struct naming the query.

#include "actors/interfaces.hpp"
#include "persistence/store.hpp"

#include <memory>
#include <string>

namespace ledger {

struct reader_state {
  std::string database_url;
  std::chrono::milliseconds stall_limit;
  std::unique_ptr<persistence::store> db; ///< connected on first use
  static inline const char* name = "reader";
};

/// A reader on `database_url`; connects lazily and again after a failure.
/// A query waiting on the server longer than `stall_limit` fails as
/// database_unavailable (persistence::store).
reader_actor::behavior_type
reader_fn(reader_actor::stateful_pointer<reader_state> self,
          std::string database_url, std::chrono::milliseconds stall_limit);

} // namespace ledger
