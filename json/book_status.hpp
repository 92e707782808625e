#pragma once

// The members of a model's book_status, shared by the engine's trade request
// on the wire and the worker's tick line to its model host, so what a model
// sees cannot drift from what the engine sent.

#include "core/algo_messages.hpp"
#include "json/exact.hpp"

namespace ledger::json {

/// Writes, inside an object the caller opened: balance, holding, prices,
/// value (null when unknown), trades (fills since the previous request) and
/// rejected.
void write_book_status_members(writer& w, const algo_request& r);

} // namespace ledger::json
