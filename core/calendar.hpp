#pragma once

#include "core/lifecycle.hpp"

#include <optional>

namespace ledger {

/// Midnight UTC of a civil date (proleptic Gregorian), independent of the
/// process's time zone; nullopt outside 1900-2200 (the range every edge
/// accepts, well inside what nanosecond time points hold) or for a date
/// that does not exist (month 13, February 30, February 29 of 2100).
std::optional<timestamp> utc_midnight(int year, int month, int day);

} // namespace ledger
