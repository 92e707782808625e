#include "core/fixed_point.hpp"
#include "core/money.hpp"
#include "core/price.hpp"
#include "core/quantity.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

using namespace ledger;

BOOST_AUTO_TEST_SUITE(fixed_point)

BOOST_AUTO_TEST_CASE(parses_exact_decimals) {
  BOOST_TEST(*parse_micros("176") == 176'000'000);
  BOOST_TEST(*parse_micros("96485.5") == 96'485'500'000);
  BOOST_TEST(*parse_micros("1455.219971") == 1'455'219'971);
  BOOST_TEST(*parse_micros("-0.000001") == -1);
  BOOST_TEST(*parse_micros("+3.") == 3'000'000);
  BOOST_TEST(*parse_micros(".5") == 500'000);
  BOOST_TEST(*parse_micros("1.2500000000") == 1'250'000);
  BOOST_TEST(*parse_micros("1e3") == 1'000'000'000);
  BOOST_TEST(*parse_micros("2.5E-2") == 25'000);
}

BOOST_AUTO_TEST_CASE(refuses_inexact_or_malformed_text) {
  for (auto text : {"", "-", ".", "abc", "1.2.3", "1,5", "0.0000001", "1e",
                    "1.5e-7", "12a", " 1", "nan", "inf", "1e99999"})
    BOOST_TEST(!parse_micros(text).has_value(), text);
}

BOOST_AUTO_TEST_CASE(refuses_overflow_and_keeps_the_extremes) {
  auto max = std::numeric_limits<std::int64_t>::max();
  auto min = std::numeric_limits<std::int64_t>::min();
  BOOST_TEST(*parse_micros("9223372036854.775807") == max);
  BOOST_TEST(*parse_micros("-9223372036854.775808") == min);
  BOOST_TEST(!parse_micros("9223372036854.775808").has_value());
  BOOST_TEST(!parse_micros("10000000000000").has_value());
  BOOST_TEST(format_micros(min) == "-9223372036854.775808");
}

BOOST_AUTO_TEST_CASE(formats_the_shortest_exact_text) {
  BOOST_TEST(format_micros(176'000'000) == "176");
  BOOST_TEST(format_micros(96'485'500'000) == "96485.5");
  BOOST_TEST(format_micros(-1) == "-0.000001");
  BOOST_TEST(format_micros(0) == "0");
  for (std::int64_t v : {1LL, 10LL, 123'456'789LL, -5'000'001LL})
    BOOST_TEST(*parse_micros(format_micros(v)) == v);
}

BOOST_AUTO_TEST_CASE(checked_arithmetic_reports_overflow) {
  auto max = std::numeric_limits<std::int64_t>::max();
  BOOST_TEST(!checked_add(max, 1).has_value());
  BOOST_TEST(!checked_sub(-max, 2).has_value());
  BOOST_TEST(!checked_mul(max / 2, 3).has_value());
  BOOST_TEST(*checked_mul(-4, 5) == -20);
}

BOOST_AUTO_TEST_CASE(scale_rounds_half_away_from_zero) {
  BOOST_TEST(*scale_rounded(15, 1, 10) == 2);
  BOOST_TEST(*scale_rounded(14, 1, 10) == 1);
  BOOST_TEST(*scale_rounded(-15, 1, 10) == -2);
  BOOST_TEST(*scale_rounded(-14, 1, 10) == -1);
  BOOST_TEST(!scale_rounded(1, 1, 0).has_value());
  auto max = std::numeric_limits<std::int64_t>::max();
  BOOST_TEST(!scale_rounded(max, 3, 2).has_value());
  BOOST_TEST(*scale_rounded(max, 3, 3) == max);
}

BOOST_AUTO_TEST_CASE(strong_types_check_their_construction) {
  BOOST_TEST(!price::parse("0").has_value());
  BOOST_TEST(!price::parse("-1").has_value());
  BOOST_TEST(price::parse("0.000001")->micros() == 1);
  BOOST_TEST(!quantity::make(0).has_value());
  BOOST_TEST(!quantity::make(-3).has_value());
  BOOST_TEST(quantity::make(8)->shares() == 8);
  BOOST_TEST(money::parse("-12.5")->micros() == -12'500'000);
  BOOST_TEST(money::units(100'000).to_string() == "100000");
  BOOST_TEST(*add(money::units(1), money::units(2)) == money::units(3));
  BOOST_TEST(!add(money::from_micros(std::numeric_limits<std::int64_t>::max()),
                  money::from_micros(1))
                .has_value());
}

BOOST_AUTO_TEST_SUITE_END()
