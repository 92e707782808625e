#pragma once

#include "core/lifecycle.hpp"

#include <cstdint>
#include <optional>

namespace ledger {

/// A date of the proleptic Gregorian calendar.
struct civil_date {
  int year = 1970;
  int month = 1; ///< 1-12
  int day = 1;   ///< 1-31
};

/// Days from 1970-01-01 to `date` (negative before it), for any date whose
/// fields are in range; the inverse of civil_from_days.
std::int64_t days_from_civil(civil_date date);

/// The date `days` days after 1970-01-01.
civil_date civil_from_days(std::int64_t days);

/// The day of the week of `days` days after 1970-01-01: 0 is Sunday, 6
/// Saturday.
int weekday_of(std::int64_t days);

/// 28 to 31.
int days_in_month(int year, int month);

/// The day of the month of the `n`th (1-5) `weekday` (0 Sunday .. 6
/// Saturday) of a month: the third Monday of January 2024 is the 15th. May
/// pass the month's end for n = 5.
int nth_weekday(int year, int month, int weekday, int n);

/// The day of the month of the last `weekday` of a month.
int last_weekday(int year, int month, int weekday);

/// Midnight UTC of a civil date (proleptic Gregorian), independent of the
/// process's time zone; nullopt outside 1900-2200 (the range every edge
/// accepts, well inside what nanosecond time points hold) or for a date
/// that does not exist (month 13, February 30, February 29 of 2100).
std::optional<timestamp> utc_midnight(int year, int month, int day);

} // namespace ledger
