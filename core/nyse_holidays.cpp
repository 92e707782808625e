#include "core/nyse_holidays.hpp"

namespace ledger {

namespace {

constexpr int sunday = 0;
constexpr int monday = 1;
constexpr int thursday = 4;
constexpr int friday = 5;
constexpr int saturday = 6;

/// A holiday on a day of the week: its `n`th in the month, or the last
/// when n is 0.
struct weekday_holiday {
  int month;
  int weekday;
  int n;
  int since;
  std::string_view name;
};

constexpr weekday_holiday weekday_holidays[] = {
  {1, monday, 3, 1998, "Martin Luther King Jr. Day"},
  {2, monday, 3, 0, "Washington's Birthday"},
  {5, monday, 0, 0, "Memorial Day"},
  {9, monday, 1, 0, "Labor Day"},
  {11, thursday, 4, 0, "Thanksgiving Day"},
};

/// A holiday on a date, moved off weekends (a Saturday's to the Friday
/// before only when `friday_before`).
struct date_holiday {
  int month;
  int day;
  int since;
  bool friday_before;
  std::string_view name;
};

constexpr date_holiday date_holidays[] = {
  {1, 1, 0, false, "New Year's Day"},
  {6, 19, 2022, true, "Juneteenth"},
  {7, 4, 0, true, "Independence Day"},
  {12, 25, 0, true, "Christmas Day"},
};

/// Whole days the exchange closed outside its rules (full closures since
/// 1994; the table only grows, when the NYSE announces one).
struct closure {
  int year;
  int month;
  int day;
  std::string_view name;
};

constexpr closure closures[] = {
  {1994, 4, 27, "national day of mourning for Richard Nixon"},
  {2001, 9, 11, "closed after the September 11 attacks"},
  {2001, 9, 12, "closed after the September 11 attacks"},
  {2001, 9, 13, "closed after the September 11 attacks"},
  {2001, 9, 14, "closed after the September 11 attacks"},
  {2004, 6, 11, "national day of mourning for Ronald Reagan"},
  {2007, 1, 2, "national day of mourning for Gerald Ford"},
  {2012, 10, 29, "closed for Hurricane Sandy"},
  {2012, 10, 30, "closed for Hurricane Sandy"},
  {2018, 12, 5, "national day of mourning for George H. W. Bush"},
  {2025, 1, 9, "national day of mourning for Jimmy Carter"},
};

bool same(civil_date a, civil_date b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

// The fixed-date holiday observed on `date`, whose day of the week is
// `weekday`: the holiday itself, Saturday's on the Friday before, Sunday's
// on the Monday after.
std::optional<std::string_view> observed_date_holiday(std::int64_t day,
                                                      int weekday) {
  for (auto& h : date_holidays) {
    auto on = [&](std::int64_t d) {
      auto c = civil_from_days(d);
      return c.year >= h.since && c.month == h.month && c.day == h.day;
    };
    if (on(day) || (weekday == monday && on(day - 1)) ||
        (weekday == friday && h.friday_before && on(day + 1)))
      return h.name;
  }
  return std::nullopt;
}

} // namespace

civil_date easter_sunday(int year) {
  // The anonymous Gregorian computus (Meeus, Astronomical Algorithms).
  int a = year % 19, b = year / 100, c = year % 100;
  int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return {year, month, day};
}

std::optional<std::string_view> nyse_holiday(civil_date date) {
  auto day = days_from_civil(date);
  auto weekday = weekday_of(day);
  if (weekday == sunday || weekday == saturday)
    return std::nullopt;
  for (auto& h : weekday_holidays) {
    if (h.month != date.month || h.weekday != weekday || date.year < h.since)
      continue;
    auto on = h.n == 0 ? last_weekday(date.year, date.month, weekday)
                       : nth_weekday(date.year, date.month, weekday, h.n);
    if (on == date.day)
      return h.name;
  }
  if (auto name = observed_date_holiday(day, weekday))
    return name;
  if (weekday == friday && day + 2 == days_from_civil(easter_sunday(date.year)))
    return "Good Friday";
  for (auto& c : closures)
    if (same({c.year, c.month, c.day}, date))
      return c.name;
  return std::nullopt;
}

} // namespace ledger
