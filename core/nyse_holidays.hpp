#pragma once

// The days the New York Stock Exchange is closed on a weekday: its full
// holidays, computed by rule, and the special closures it has declared.
// Early closes (13:00 on the day after Thanksgiving, Christmas Eve, ...)
// are not modelled: those days count as whole sessions.

#include "core/calendar.hpp"

#include <optional>
#include <string_view>

namespace ledger {

/// Why the NYSE is closed all day on `date` (a date in New York), or
/// nullopt when it trades (weekends are not this function's concern). The
/// holidays, as in NYSE Rule 7.2:
/// - New Year's Day (January 1; a Sunday is observed Monday, a Saturday
///   not at all: the Friday before closes a year's accounts),
/// - Martin Luther King Jr. Day (third Monday of January, since 1998),
/// - Washington's Birthday (third Monday of February),
/// - Good Friday (two days before Western Easter),
/// - Memorial Day (last Monday of May),
/// - Juneteenth (June 19, since 2022),
/// - Independence Day (July 4), Labor Day (first Monday of September),
/// - Thanksgiving Day (fourth Thursday of November), Christmas Day
///   (December 25).
/// A fixed-date holiday on a Saturday is observed the Friday before, on a
/// Sunday the Monday after. The rules are exact from 1998; earlier years
/// use them as written (no older variants, such as February 22).
/// Besides: the special closures of a table in the source (September 11-14
/// 2001, Hurricane Sandy on October 29-30 2012, the national days of
/// mourning of 1994, 2004, 2007, 2018 and 2025).
std::optional<std::string_view> nyse_holiday(civil_date date);

/// Western (Gregorian) Easter Sunday of `year`.
civil_date easter_sunday(int year);

} // namespace ledger
