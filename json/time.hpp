#pragma once

#include "core/lifecycle.hpp"
#include "json/exact.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ledger::json {

/// ISO 8601 in UTC with microseconds: "2026-11-25T09:30:00.123456Z".
std::string format_time(timestamp t);

/// `key` and the time in format_time's form, or null when there is none
/// (inside an object the caller opened).
void write_time_member(writer& w, const char* key,
                       const std::optional<timestamp>& t);

/// Reads ISO 8601 UTC: "2026-11-25T09:30:00Z", with 0-9 fraction digits
/// (kept to the microsecond), or with a space instead of the T.
std::optional<timestamp> parse_time(std::string_view text);

/// The seed's value-history key, as Python's str(datetime): "2026-11-25
/// 09:30:00" (UTC), with ".ffffff" microseconds only when there are some.
std::string format_seed_time(timestamp t);

} // namespace ledger::json
