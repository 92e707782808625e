// The XNYS session: New York's UTC offset by the US daylight saving rules,
// the NYSE's holidays by rule on real years, weekend shifts, special
// closures and the session's bounds.

#include "core/calendar.hpp"
#include "core/market_hours.hpp"
#include "core/nyse_holidays.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ledger;
using namespace std::chrono_literals;

namespace {

timestamp utc(int y, int m, int d, int h = 0, int mi = 0, int s = 0) {
  return *utc_midnight(y, m, d) + std::chrono::hours{h} +
         std::chrono::minutes{mi} + std::chrono::seconds{s};
}

bool open_at(timestamp t) {
  return session_at(market_calendar::xnys, t).open;
}

std::string why_closed(timestamp t) {
  return std::string{session_at(market_calendar::xnys, t).reason};
}

// Every weekday of `year` the NYSE is closed on, as "MM-DD".
std::vector<std::string> closed_weekdays(int year) {
  std::vector<std::string> out;
  for (int m = 1; m <= 12; ++m)
    for (int d = 1; d <= days_in_month(year, m); ++d)
      if (nyse_holiday({year, m, d})) {
        auto two = [](int n) {
          return std::string{char('0' + n / 10), char('0' + n % 10)};
        };
        out.push_back(two(m) + "-" + two(d));
      }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(market_hours)

BOOST_AUTO_TEST_CASE(civil_dates_round_trip_and_know_their_weekday) {
  BOOST_TEST(days_from_civil({1970, 1, 1}) == 0);
  BOOST_TEST(days_from_civil({2000, 3, 1}) == 11'017);
  for (std::int64_t day = -800'000; day < 800'000; day += 997) {
    auto c = civil_from_days(day);
    BOOST_TEST(days_from_civil(c) == day);
  }
  BOOST_TEST(weekday_of(0) == 4);                               // Thursday
  BOOST_TEST(weekday_of(-1) == 3);                              // Wednesday
  BOOST_TEST(weekday_of(days_from_civil({2000, 1, 1})) == 6);   // Saturday
  BOOST_TEST(weekday_of(days_from_civil({2024, 11, 28})) == 4); // Thursday
  BOOST_TEST(nth_weekday(2024, 1, 1, 3) == 15);
  BOOST_TEST(last_weekday(2024, 5, 1) == 27);
  BOOST_TEST(last_weekday(2000, 10, 0) == 29);
}

BOOST_AUTO_TEST_CASE(new_york_offset_follows_the_2007_rules) {
  // 2024: second Sunday of March (10th) 02:00 EST = 07:00 UTC, first
  // Sunday of November (3rd) 02:00 EDT = 06:00 UTC.
  BOOST_TEST(new_york_utc_offset(utc(2024, 3, 10, 6, 59, 59)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2024, 3, 10, 7)).count() == -4);
  BOOST_TEST(new_york_utc_offset(utc(2024, 11, 3, 5, 59, 59)).count() == -4);
  BOOST_TEST(new_york_utc_offset(utc(2024, 11, 3, 6)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2024, 1, 1)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2024, 7, 1)).count() == -4);
  // 2007 was the first year of the March start (11th).
  BOOST_TEST(new_york_utc_offset(utc(2007, 3, 11, 7)).count() == -4);
  BOOST_TEST(new_york_utc_offset(utc(2007, 3, 11, 6, 59)).count() == -5);
}

BOOST_AUTO_TEST_CASE(new_york_offset_follows_the_1987_to_2006_rules) {
  // 2000: first Sunday of April (2nd) to last Sunday of October (29th).
  BOOST_TEST(new_york_utc_offset(utc(2000, 4, 2, 6, 59, 59)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2000, 4, 2, 7)).count() == -4);
  BOOST_TEST(new_york_utc_offset(utc(2000, 10, 29, 5, 59, 59)).count() == -4);
  BOOST_TEST(new_york_utc_offset(utc(2000, 10, 29, 6)).count() == -5);
  // 2006 still ended in October; March was standard time.
  BOOST_TEST(new_york_utc_offset(utc(2006, 3, 20)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2006, 10, 30)).count() == -5);
  BOOST_TEST(new_york_utc_offset(utc(2006, 10, 28)).count() == -4);
}

BOOST_AUTO_TEST_CASE(the_session_opens_at_0930_and_closes_at_1600) {
  // 09:30:00.000 New York belongs to the session, 16:00:00.000 does not:
  // [09:30, 16:00). Monday 2024-06-03, EDT (UTC-4).
  BOOST_TEST(!open_at(utc(2024, 6, 3, 13, 29, 59)));
  BOOST_TEST(!open_at(utc(2024, 6, 3, 13, 30) - 1ns));
  BOOST_TEST(open_at(utc(2024, 6, 3, 13, 30)));
  BOOST_TEST(open_at(utc(2024, 6, 3, 20) - 1ns));
  BOOST_TEST(!open_at(utc(2024, 6, 3, 20)));
  BOOST_TEST(why_closed(utc(2024, 6, 3, 13)) ==
             "before the session (09:30 New York time)");
  BOOST_TEST(why_closed(utc(2024, 6, 3, 20)) ==
             "after the session (16:00 New York time)");
  BOOST_TEST(why_closed(utc(2024, 6, 3, 15)).empty());
  // Friday 2024-01-05, EST (UTC-5): an hour later in UTC.
  BOOST_TEST(!open_at(utc(2024, 1, 5, 14, 29, 59)));
  BOOST_TEST(open_at(utc(2024, 1, 5, 14, 30)));
  BOOST_TEST(open_at(utc(2024, 1, 5, 20, 59, 59)));
  BOOST_TEST(!open_at(utc(2024, 1, 5, 21)));
}

BOOST_AUTO_TEST_CASE(the_session_moves_in_utc_across_dst_changes) {
  // The Friday before the 2024 change is EST, the Monday after EDT.
  BOOST_TEST(!open_at(utc(2024, 3, 8, 13, 30)));
  BOOST_TEST(open_at(utc(2024, 3, 8, 14, 30)));
  BOOST_TEST(open_at(utc(2024, 3, 8, 20, 30)));
  BOOST_TEST(open_at(utc(2024, 3, 11, 13, 30)));
  BOOST_TEST(!open_at(utc(2024, 3, 11, 20, 30)));
  // Autumn 2024: the Friday is EDT, the Monday EST.
  BOOST_TEST(open_at(utc(2024, 11, 1, 13, 30)));
  BOOST_TEST(!open_at(utc(2024, 11, 4, 13, 30)));
  BOOST_TEST(open_at(utc(2024, 11, 4, 14, 30)));
  // 2000 (the sample data's year), April's rule: Friday 31 March EST,
  // Monday 3 April EDT; Monday 30 October EST again.
  BOOST_TEST(!open_at(utc(2000, 3, 31, 13, 30)));
  BOOST_TEST(open_at(utc(2000, 4, 3, 13, 30)));
  BOOST_TEST(!open_at(utc(2000, 10, 30, 14, 29, 59)));
  BOOST_TEST(open_at(utc(2000, 10, 30, 14, 30)));
  // 2006 to 2007: the second Monday of March changed sides.
  BOOST_TEST(!open_at(utc(2006, 3, 13, 13, 30)));
  BOOST_TEST(open_at(utc(2007, 3, 12, 13, 30)));
}

BOOST_AUTO_TEST_CASE(weekends_are_closed_in_new_york_time) {
  // Friday 16:00 EDT is 20:00 UTC; Saturday 00:30 UTC is still Friday
  // evening in New York: closed, after the session, not the weekend.
  BOOST_TEST(why_closed(utc(2024, 6, 8, 0, 30)) ==
             "after the session (16:00 New York time)");
  BOOST_TEST(why_closed(utc(2024, 6, 8, 15)) == "weekend");
  BOOST_TEST(why_closed(utc(2024, 6, 9, 15)) == "weekend");
  BOOST_TEST(open_at(utc(2024, 6, 10, 15)));
}

BOOST_AUTO_TEST_CASE(holidays_of_2024) {
  std::vector<std::string> expected{"01-01", "01-15", "02-19", "03-29",
                                    "05-27", "06-19", "07-04", "09-02",
                                    "11-28", "12-25"};
  BOOST_TEST(closed_weekdays(2024) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(*nyse_holiday({2024, 1, 15}) == "Martin Luther King Jr. Day");
  BOOST_TEST(*nyse_holiday({2024, 2, 19}) == "Washington's Birthday");
  BOOST_TEST(*nyse_holiday({2024, 3, 29}) == "Good Friday");
  BOOST_TEST(*nyse_holiday({2024, 5, 27}) == "Memorial Day");
  BOOST_TEST(*nyse_holiday({2024, 6, 19}) == "Juneteenth");
  BOOST_TEST(*nyse_holiday({2024, 9, 2}) == "Labor Day");
  BOOST_TEST(*nyse_holiday({2024, 11, 28}) == "Thanksgiving Day");
  BOOST_TEST(why_closed(utc(2024, 12, 25, 15)) == "Christmas Day");
}

BOOST_AUTO_TEST_CASE(holidays_of_2000) {
  // New Year's Day 2000 was a Saturday: not observed (NYSE Rule 7.2), so
  // Friday 1999-12-31 traded. No Juneteenth before 2022.
  std::vector<std::string> expected{"01-17", "02-21", "04-21", "05-29",
                                    "07-04", "09-04", "11-23", "12-25"};
  BOOST_TEST(closed_weekdays(2000) == expected,
             boost::test_tools::per_element());
  BOOST_TEST(!nyse_holiday({1999, 12, 31}));
  BOOST_TEST(open_at(utc(1999, 12, 31, 15)));
}

BOOST_AUTO_TEST_CASE(martin_luther_king_day_from_1998) {
  BOOST_TEST(!nyse_holiday({1997, 1, 20})); // third Monday, still open
  BOOST_TEST(*nyse_holiday({1998, 1, 19}) == "Martin Luther King Jr. Day");
}

BOOST_AUTO_TEST_CASE(weekend_holidays_move_to_a_weekday) {
  // Saturday holidays are observed the Friday before...
  BOOST_TEST(*nyse_holiday({2020, 7, 3}) == "Independence Day");
  BOOST_TEST(*nyse_holiday({2021, 12, 24}) == "Christmas Day");
  BOOST_TEST(*nyse_holiday({2027, 6, 18}) == "Juneteenth");
  // ...Sunday holidays the Monday after...
  BOOST_TEST(*nyse_holiday({2021, 7, 5}) == "Independence Day");
  BOOST_TEST(*nyse_holiday({2022, 6, 20}) == "Juneteenth");
  BOOST_TEST(*nyse_holiday({2023, 1, 2}) == "New Year's Day");
  BOOST_TEST(*nyse_holiday({2022, 12, 26}) == "Christmas Day");
  // ...but New Year's Day on a Saturday is not observed at all.
  BOOST_TEST(!nyse_holiday({2021, 12, 31}));
  BOOST_TEST(!nyse_holiday({2010, 12, 31}));
  // Juneteenth did not exist for the exchange before 2022.
  BOOST_TEST(!nyse_holiday({2021, 6, 18}));
  BOOST_TEST(!nyse_holiday({2021, 6, 21}));
  // The weekend days themselves are the weekend, not the holiday.
  BOOST_TEST(!nyse_holiday({2020, 7, 4}));
  BOOST_TEST(why_closed(utc(2020, 7, 4, 15)) == "weekend");
}

BOOST_AUTO_TEST_CASE(good_friday_from_easter) {
  auto easter = [](int year) {
    auto d = easter_sunday(year);
    return d.month * 100 + d.day;
  };
  BOOST_TEST(easter(2000) == 423);
  BOOST_TEST(easter(2001) == 415);
  BOOST_TEST(easter(2019) == 421);
  BOOST_TEST(easter(2024) == 331);
  BOOST_TEST(easter(2038) == 425); // the latest possible date
  BOOST_TEST(easter(2285) == 322); // the earliest possible date
  BOOST_TEST(*nyse_holiday({2001, 4, 13}) == "Good Friday");
  BOOST_TEST(*nyse_holiday({2019, 4, 19}) == "Good Friday");
  BOOST_TEST(!nyse_holiday({2019, 4, 22})); // Easter Monday trades
}

BOOST_AUTO_TEST_CASE(special_closures) {
  for (int d = 11; d <= 14; ++d)
    BOOST_TEST(*nyse_holiday({2001, 9, d}) ==
               "closed after the September 11 attacks");
  BOOST_TEST(!nyse_holiday({2001, 9, 10}));
  BOOST_TEST(!nyse_holiday({2001, 9, 17}));
  BOOST_TEST(*nyse_holiday({2012, 10, 29}) == "closed for Hurricane Sandy");
  BOOST_TEST(*nyse_holiday({2012, 10, 30}) == "closed for Hurricane Sandy");
  BOOST_TEST(nyse_holiday({2004, 6, 11}).has_value());
  BOOST_TEST(nyse_holiday({2007, 1, 2}).has_value());
  BOOST_TEST(nyse_holiday({2018, 12, 5}).has_value());
  BOOST_TEST(*nyse_holiday({2025, 1, 9}) ==
             "national day of mourning for Jimmy Carter");
  BOOST_TEST(!open_at(utc(2025, 1, 9, 15)));
  BOOST_TEST(open_at(utc(2025, 1, 10, 15)));
}

BOOST_AUTO_TEST_CASE(calendar_names) {
  BOOST_TEST(to_string(market_calendar::xnys) == "XNYS");
  BOOST_TEST((parse_market_calendar("XNYS") == market_calendar::xnys));
  BOOST_TEST(!parse_market_calendar("xnys"));
  BOOST_TEST(!parse_market_calendar("none"));
  BOOST_TEST(!parse_market_calendar("NYSE"));
  // None is always open, weekends included.
  BOOST_TEST(session_at(market_calendar::none, utc(2024, 6, 8, 15)).open);
}

BOOST_AUTO_TEST_SUITE_END()
