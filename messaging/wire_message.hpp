#pragma once

// What every wire message shares: a JSON object with "v": 1, read through
// the project's one document type (json/document.hpp).

#include "json/document.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ledger::messaging {

using json::decoded;

/// The only wire version this code reads and writes.
inline constexpr int wire_version = 1;

/// Parses `body` into `doc` and checks it is an object with "v": 1.
/// Returns an error sentence, or nullopt.
std::optional<std::string> parse_message(json::document& doc,
                                         std::string_view body);

} // namespace ledger::messaging
