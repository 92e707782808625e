#pragma once

// Why a request to an algorithm came back without orders. Inside the engine
// and the worker it is this enum; only the wire carries its name
// (messaging/codec_trade.cpp), so a misspelt code cannot compile.

#include "core/tick_record.hpp"

#include <optional>
#include <string_view>

namespace ledger {

enum class algo_failure {
  model_error,        ///< the model raised, crashed, or its host would not run
  bad_output,         ///< the model answered something that is not orders
  bad_request,        ///< the worker could not read the request
  timeout,            ///< the deadline passed before the model answered
  overloaded,         ///< shed by the engine before any model saw it
  broker_unavailable, ///< the engine had no broker to send it through
};

std::string_view to_string(algo_failure f);

/// The failure named `text`; nullopt for a name that is none of them.
std::optional<algo_failure> parse_algo_failure(std::string_view text);

/// Whether a worker may send it: the last two are the engine's own.
bool sent_by_workers(algo_failure f);

/// The tick's outcome: a timeout and a missing broker are their own
/// outcomes, a request the engine shed is `skipped` (not the model's doing),
/// and whatever the model or its input did wrong is `model_error`.
tick_outcome outcome_of(algo_failure f);

} // namespace ledger
