#include "core/market_hours.hpp"

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "core/nyse_holidays.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

using days = std::chrono::duration<std::int64_t, std::ratio<86'400>>;

constexpr int sunday = 0;
constexpr int saturday = 6;

constexpr enum_names<market_calendar, 2> names{{
  {market_calendar::none, "none"},
  {market_calendar::xnys, "XNYS"},
}};

constexpr auto session_opens = std::chrono::hours{9} + std::chrono::minutes{30};
constexpr auto session_closes = std::chrono::hours{16};

timestamp at(int year, int month, int day, std::chrono::hours utc_hour) {
  return timestamp{std::chrono::duration_cast<timestamp::duration>(
    days{days_from_civil({year, month, day})} + utc_hour)};
}

// Daylight saving time in New York during `year`, as UTC instants: it
// begins at 02:00 EST (07:00 UTC) and ends at 02:00 EDT (06:00 UTC).
std::pair<timestamp, timestamp> daylight_saving(int year) {
  civil_date begins{year, 4, 0}, ends{year, 10, 0};
  if (year >= 2007) {
    begins = {year, 3, nth_weekday(year, 3, sunday, 2)};
    ends = {year, 11, nth_weekday(year, 11, sunday, 1)};
  } else if (year >= 1987) {
    begins.day = nth_weekday(year, 4, sunday, 1);
    ends.day = last_weekday(year, 10, sunday);
  } else {
    begins.day = last_weekday(year, 4, sunday);
    ends.day = last_weekday(year, 10, sunday);
  }
  return {at(begins.year, begins.month, begins.day, std::chrono::hours{7}),
          at(ends.year, ends.month, ends.day, std::chrono::hours{6})};
}

} // namespace

std::string_view to_string(market_calendar c) {
  return name_in(names, c, "none");
}

std::optional<market_calendar> parse_market_calendar(std::string_view text) {
  auto c = value_in(names, text);
  if (c == market_calendar::none)
    return std::nullopt;
  return c;
}

std::string_view known_market_calendars() {
  return "calendar must be \"XNYS\" (the New York Stock Exchange's regular "
         "session) or null (ticks around the clock)";
}

std::chrono::hours new_york_utc_offset(timestamp t) {
  // The year in UTC: daylight saving time never spans a new year there.
  auto year =
    civil_from_days(std::chrono::floor<days>(t.time_since_epoch()).count())
      .year;
  auto [begins, ends] = daylight_saving(year);
  return std::chrono::hours{t >= begins && t < ends ? -4 : -5};
}

market_session session_at(market_calendar calendar, timestamp t) {
  if (calendar == market_calendar::none)
    return {};
  auto local = t.time_since_epoch() + new_york_utc_offset(t);
  auto day = std::chrono::floor<days>(local);
  auto time_of_day = local - day;
  auto weekday = weekday_of(day.count());
  if (weekday == sunday || weekday == saturday)
    return {false, "weekend"};
  if (auto holiday = nyse_holiday(civil_from_days(day.count())))
    return {false, *holiday};
  if (time_of_day < session_opens)
    return {false, "before the session (09:30 New York time)"};
  if (time_of_day >= session_closes)
    return {false, "after the session (16:00 New York time)"};
  return {};
}

} // namespace ledger
