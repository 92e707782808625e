#pragma once

#include "actors/interfaces.hpp"

#include <functional>

namespace ledger {

/// An algorithm run inside the engine: a pure function of the request.
using inprocess_algorithm = std::function<algo_reply(const algo_request&)>;

/// A gateway that answers every request with `algorithm`; for tests,
/// benchmarks and demos without workers. An exception from the algorithm
/// becomes a model_error reply.
gateway_actor::behavior_type inprocess_gateway(inprocess_algorithm algorithm);

} // namespace ledger
