#pragma once

// What every wire message shares: a JSON object with "v": 1, read through
// the project's one document type (json/document.hpp); and the members
// several messages read by the same rules.

#include "json/document.hpp"
#include "json/fields.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::messaging {

using json::decoded;

/// The only wire version this code reads and writes.
inline constexpr int wire_version = 1;

/// Parses `body` into `doc` and checks it is an object with "v": 1.
/// Returns an error sentence, or nullopt.
std::optional<std::string> parse_message(json::document& doc,
                                         std::string_view body);

/// A member holding a ledger name: text that is_valid_ledger_name accepts,
/// else `rule` is the problem. A problem is left in `f` (nullopt then).
std::optional<std::string>
read_ledger_name(json::field_reader& f, std::string_view key, const char* rule);

/// The "ledger" member that keys the engine's events, trade requests and
/// trade replies (read_ledger_name).
std::optional<std::string> read_ledger_member(json::field_reader& f);

} // namespace ledger::messaging
