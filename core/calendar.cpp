#include "core/calendar.hpp"

#include <cstdint>

namespace ledger {

namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

} // namespace

// Howard Hinnant's algorithms (chrono-Compatible Low-Level Date
// Algorithms): eras of 400 years starting on March 1st, so the leap day
// ends a year.
std::int64_t days_from_civil(civil_date date) {
  std::int64_t y = date.year - (date.month <= 2);
  auto m = static_cast<unsigned>(date.month);
  auto era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  auto doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 +
             static_cast<unsigned>(date.day) - 1;
  auto doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_date civil_from_days(std::int64_t days) {
  days += 719468;
  auto era = (days >= 0 ? days : days - 146096) / 146097;
  auto doe = static_cast<unsigned>(days - era * 146097);
  auto yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  auto doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  auto mp = (5 * doy + 2) / 153;
  auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  auto year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  return {static_cast<int>(year), month, day};
}

int weekday_of(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int nth_weekday(int year, int month, int weekday, int n) {
  auto first = weekday_of(days_from_civil({year, month, 1}));
  return 1 + (weekday - first + 7) % 7 + 7 * (n - 1);
}

int last_weekday(int year, int month, int weekday) {
  auto last_day = days_in_month(year, month);
  auto last = weekday_of(days_from_civil({year, month, last_day}));
  return last_day - (last - weekday + 7) % 7;
}

std::optional<timestamp> utc_midnight(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month))
    return std::nullopt;
  auto days = days_from_civil({year, month, day});
  return timestamp{std::chrono::duration_cast<timestamp::duration>(
    std::chrono::hours{24 * days})};
}

} // namespace ledger
