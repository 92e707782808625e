#pragma once

// Algorithms compiled into the worker, named like any other algo_path but
// with the prefix "builtin:" ("builtin:null", "builtin:random"). They run
// on the lane's own thread with no model host: no Python, no process, no
// state between ticks. They exist for load tests, for smoke tests of a
// deployment, and as a baseline against which a model's results can be
// compared.
//
//   builtin:null    never trades.
//   builtin:random  seeded random buys and sells that stay within the book
//                   as the request shows it: the buys of one tick together
//                   never cost more than the balance at the shown prices
//                   (fees and slippage are the engine's and may still
//                   reject one), a sell never exceeds the shares held. The
//                   seed is the ledger's name and the tick, so a replay of
//                   the same requests gives the same trades.

#include "core/algo_messages.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ledger::worker {

/// "builtin:"
inline constexpr std::string_view builtin_prefix = "builtin:";

/// True when `algo_path` starts with "builtin:" (known name or not).
bool is_builtin(std::string_view algo_path);

/// The orders of the built-in algorithm `algo_path` ("builtin:NAME") for
/// `request`, or one sentence naming the problem (an unknown NAME).
std::variant<std::vector<order>, std::string>
run_builtin(std::string_view algo_path, const algo_request& request);

/// The built-in algorithms' full names, comma-separated, for messages.
std::string builtin_names();

} // namespace ledger::worker
