#pragma once

// The release notice (engine -> worker, on ledger.requests routed by the
// ledger's name, so it reaches the lane that served the ledger):
//   {"v":1,"release":"demo"}
// The ledger ended (it finished, or it was deleted): the lane frees the
// model instance its host keeps for it. No reply; a notice that is lost
// (no lane bound, a lane that died) costs only the memory it would free.

#include <optional>
#include <string>
#include <string_view>

namespace ledger::messaging {

std::string encode_release(std::string_view ledger);

/// The ledger a release notice names; nullopt for anything else (a trade
/// request among them, or a notice whose name is not a ledger name).
std::optional<std::string> decode_release(std::string_view body);

} // namespace ledger::messaging
