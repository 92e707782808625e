#include "feed/csv_quotes.hpp"
#include "feed/random_walk.hpp"
#include "json/time.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace ledger;
using namespace ledger::feed;

namespace {

std::variant<std::vector<quote_batch>, std::string>
read(const std::string& text, std::optional<std::string> ticker = {}) {
  std::istringstream in{text};
  return read_quote_csv(in, ticker);
}

std::string error_of(const std::string& text,
                     std::optional<std::string> ticker = {}) {
  auto out = read(text, ticker);
  auto why = std::get_if<std::string>(&out);
  return why ? *why : "no error";
}

} // namespace

BOOST_AUTO_TEST_SUITE(feed_sources)

BOOST_AUTO_TEST_CASE(symbol_files_group_by_date_oldest_first) {
  auto batches = std::get<std::vector<quote_batch>>(
    read("symbol,date,price\nMSFT,Feb 1 2000,36.35\nMSFT,Jan 1 2000,39.81\n"
         "AAPL,Jan 1 2000,25.94\nAAPL,Feb 1 2000,28.66\n"));
  BOOST_REQUIRE_EQUAL(batches.size(), 2u);
  BOOST_REQUIRE_EQUAL(batches[0].size(), 2u);
  BOOST_TEST(json::format_time(batches[0][0].time) ==
             "2000-01-01T00:00:00.000000Z");
  BOOST_TEST(batches[0][0].ticker == "MSFT");
  BOOST_TEST(batches[0][0].last.micros() == 39'810'000);
  BOOST_TEST(batches[0][1].ticker == "AAPL");
  BOOST_TEST(batches[1][1].last.micros() == 28'660'000);
  // --ticker on a symbol file keeps that series only.
  auto aapl = std::get<std::vector<quote_batch>>(
    read("symbol,date,price\nMSFT,Jan 1 2000,39.81\nAAPL,Jan 1 2000,25.94\n",
         "AAPL"));
  BOOST_REQUIRE_EQUAL(aapl.size(), 1u);
  BOOST_REQUIRE_EQUAL(aapl[0].size(), 1u);
  BOOST_TEST(aapl[0][0].ticker == "AAPL");
}

BOOST_AUTO_TEST_CASE(ohlcv_files_use_the_close_under_the_given_ticker) {
  auto text = "date,open,high,low,close,adjclose,volume\n"
              "2000-01-04,1455.219971,1455.219971,1397.430054,1399.420044,"
              "1399.420044,1009000000\n"
              "2000-01-03,1469.250000,1478.000000,1438.359985,1455.219971,"
              "1455.219971,931800000\n";
  auto batches = std::get<std::vector<quote_batch>>(read(text, "SPX"));
  BOOST_REQUIRE_EQUAL(batches.size(), 2u);
  BOOST_TEST(batches[0][0].ticker == "SPX");
  BOOST_TEST(batches[0][0].last.micros() == 1'455'219'971);
  BOOST_TEST(json::format_time(batches[1][0].time) ==
             "2000-01-04T00:00:00.000000Z");
  BOOST_TEST(error_of(text).find("--ticker") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_files_name_the_line) {
  BOOST_TEST(error_of("") == "the file is empty");
  BOOST_TEST(error_of("a,b\n1,2\n").find("unknown header") == 0u);
  BOOST_TEST(error_of("symbol,date,price\n").find("no prices") !=
             std::string::npos);
  BOOST_TEST(error_of("symbol,date,price\nMSFT,Jan 1 2000,abc\n") ==
             "line 2: price 'abc' is not a positive number");
  BOOST_TEST(error_of("symbol,date,price\nMSFT,Jan 1 2000,39\nMSFT,Jqn 1 "
                      "2000,3\n") == "line 3: date 'Jqn 1 2000' is not a date");
  BOOST_TEST(error_of("symbol,date,price\nMSFT,Jan 1 2000\n") ==
             "line 2: expected 3 columns, found 2");
  BOOST_TEST(error_of("symbol,date,price\nMS FT,Jan 1 2000,3\n") ==
             "line 2: symbol 'MS FT' is not a valid ticker");
  BOOST_TEST(error_of("symbol,date,price\nMSFT,Jan 1 2000,-3\n")
               .find("not a positive number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_walks_are_seeded_and_positive) {
  timestamp t{std::chrono::seconds{1'700'000'000}};
  random_walk a{{"AAPL", "GOOG"}, 42};
  random_walk b{{"AAPL", "GOOG"}, 42};
  random_walk c{{"AAPL", "GOOG"}, 43};
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    auto x = a.next(t), y = b.next(t), z = c.next(t);
    BOOST_REQUIRE_EQUAL(x.size(), 2u);
    BOOST_REQUIRE(x[0].last == y[0].last);
    BOOST_REQUIRE(x[1].last == y[1].last);
    differs = differs || x[0].last != z[0].last;
    BOOST_REQUIRE(x[0].last.micros() >= 10'000);
  }
  BOOST_TEST(differs);
  // A step moves a price by at most 1%.
  random_walk d{{"X"}, 7};
  auto before = d.next(t)[0].last.micros();
  for (int i = 0; i < 100; ++i) {
    auto now = d.next(t)[0].last.micros();
    BOOST_REQUIRE(std::abs(now - before) * 100 <= before + 100);
    before = now;
  }
}

BOOST_AUTO_TEST_SUITE_END()
