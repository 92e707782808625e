#pragma once

// The model host's tick request, built from the engine's trade request:
// {"op":"tick","ledger","book_status":{"balance","holding","prices",
// "value"|null,"trades":[fills],"rejected":[rejections],"tick","time",
// "ledger"}} (the host adds "v" and "id"). Numbers are written exactly.

#include "core/algo_messages.hpp"
#include "json/exact.hpp"

namespace ledger::worker {

/// Writes the tick request's members (everything but "v" and "id").
void write_tick_members(json::writer& w, const algo_request& request);

} // namespace ledger::worker
