#include "core/book.hpp"
#include "core/execution.hpp"
#include "core/ledger_config.hpp"
#include "core/valuation.hpp"
#include "tests/core/test_helpers.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

using namespace ledger;
using namespace ledger::test;

namespace {

const price_map seed_prices{{"AAPL", px("176")}, {"GOOG", px("112")}};

} // namespace

BOOST_AUTO_TEST_SUITE(execution)

// The seed's data-format example: buy 8 AAPL at 176, sell 7 AAPL at 157, buy
// 9 GOOG at 112 on a balance of 10000 leaves 8683.
BOOST_AUTO_TEST_CASE(seed_example_gives_8683) {
  book b{money::units(10'000)};
  auto rules = rules_for({"AAPL", "GOOG"});
  auto first = apply_orders(b, {buy("AAPL", 8)}, {{"AAPL", px("176")}}, rules);
  auto second =
    apply_orders(b, {sell("AAPL", 7)}, {{"AAPL", px("157")}}, rules);
  auto third = apply_orders(b, {buy("GOOG", 9)}, {{"GOOG", px("112")}}, rules);
  BOOST_TEST(as_fill(first[0]).cash_delta == money::units(-1408));
  BOOST_TEST(as_fill(second[0]).cash_delta == money::units(1099));
  BOOST_TEST(as_fill(third[0]).cash_delta == money::units(-1008));
  BOOST_TEST(b.balance() == money::units(8683));
  BOOST_TEST(b.shares("AAPL") == 1);
  BOOST_TEST(b.shares("GOOG") == 9);
}

BOOST_AUTO_TEST_CASE(unknown_ticker) {
  book b{money::units(10'000)};
  auto out =
    execute(b, buy("MSFT", 1), {{"MSFT", px("30")}}, rules_for({"AAPL"}));
  BOOST_TEST(code_of(out) == reject_code::unknown_ticker);
}

BOOST_AUTO_TEST_CASE(no_quote) {
  book b{money::units(10'000)};
  auto out = execute(b, buy("GOOG", 1), {{"AAPL", px("176")}},
                     rules_for({"AAPL", "GOOG"}));
  BOOST_TEST(code_of(out) == reject_code::no_quote);
}

BOOST_AUTO_TEST_CASE(insufficient_funds_by_one_micro) {
  auto rules = rules_for({"AAPL"});
  book exact{money::units(1408)};
  BOOST_TEST(
    as_fill(execute(exact, buy("AAPL", 8), seed_prices, rules)).cash_delta ==
    money::units(-1408));
  book short_by_one{money::from_micros(1408'000'000 - 1)};
  BOOST_TEST(code_of(execute(short_by_one, buy("AAPL", 8), seed_prices,
                             rules)) == reject_code::insufficient_funds);
}

BOOST_AUTO_TEST_CASE(insufficient_holdings) {
  auto rules = rules_for({"AAPL"});
  book none{money::units(10'000)};
  BOOST_TEST(code_of(execute(none, sell("AAPL", 1), seed_prices, rules)) ==
             reject_code::insufficient_holdings);
  book some{money::units(0), {{"AAPL", 3}}};
  BOOST_TEST(code_of(execute(some, sell("AAPL", 4), seed_prices, rules)) ==
             reject_code::insufficient_holdings);
  BOOST_TEST(
    as_fill(execute(some, sell("AAPL", 3), seed_prices, rules)).cash_delta ==
    money::units(528));
}

BOOST_AUTO_TEST_CASE(limit_prices) {
  auto rules = rules_for({"AAPL"});
  book b{money::units(10'000), {{"AAPL", 10}}};
  // A buy fills at or below its limit, a sell at or above.
  BOOST_TEST(
    *as_fill(execute(b, buy("AAPL", 1, px("176")), seed_prices, rules)).limit ==
    px("176"));
  BOOST_TEST(code_of(execute(b, buy("AAPL", 1, px("175.999999")), seed_prices,
                             rules)) == reject_code::limit_not_met);
  BOOST_TEST(as_fill(execute(b, sell("AAPL", 1, px("176")), seed_prices, rules))
               .fill_price == px("176"));
  BOOST_TEST(code_of(execute(b, sell("AAPL", 1, px("176.000001")), seed_prices,
                             rules)) == reject_code::limit_not_met);
}

BOOST_AUTO_TEST_CASE(limits_compare_against_the_slipped_price) {
  auto rules = rules_for({"AAPL"});
  rules.slippage_bps = 100; // 1%: buys fill at 177.76, sells at 174.24
  book b{money::units(10'000), {{"AAPL", 10}}};
  BOOST_TEST(code_of(execute(b, buy("AAPL", 1, px("177")), seed_prices,
                             rules)) == reject_code::limit_not_met);
  BOOST_TEST(
    as_fill(execute(b, buy("AAPL", 1, px("177.76")), seed_prices, rules))
      .fill_price == px("177.76"));
  BOOST_TEST(code_of(execute(b, sell("AAPL", 1, px("175")), seed_prices,
                             rules)) == reject_code::limit_not_met);
}

BOOST_AUTO_TEST_CASE(fees_and_slippage) {
  auto rules = rules_for({"AAPL"});
  rules.slippage_bps = 25;
  rules.fee = cash("1.5");
  book b{money::units(10'000)};
  auto bought = apply_orders(b, {buy("AAPL", 8)}, seed_prices, rules);
  // 176 * 1.0025 = 176.44; 8 * 176.44 + 1.5 = 1413.02
  BOOST_TEST(as_fill(bought[0]).fill_price == px("176.44"));
  BOOST_TEST(as_fill(bought[0]).fee == cash("1.5"));
  BOOST_TEST(b.balance() == cash("8586.98"));
  auto sold = apply_orders(b, {sell("AAPL", 8)}, seed_prices, rules);
  // 176 * 0.9975 = 175.56; 8 * 175.56 - 1.5 = 1402.98
  BOOST_TEST(as_fill(sold[0]).fill_price == px("175.56"));
  BOOST_TEST(b.balance() == cash("9989.96"));
  BOOST_TEST(b.positions().empty());
}

BOOST_AUTO_TEST_CASE(slippage_rounds_to_a_micro_unit) {
  BOOST_TEST(*slipped_price(px("0.000003"), side::buy, 1666) ==
             px("0.000003")); // 3.4998 -> 3
  BOOST_TEST(*slipped_price(px("0.000003"), side::buy, 1667) ==
             px("0.000004")); // 3.5001 -> 4
  BOOST_TEST(!slipped_price(px("0.000001"), side::sell, 9999).has_value());
}

BOOST_AUTO_TEST_CASE(fee_counts_against_funds_and_proceeds) {
  auto rules = rules_for({"AAPL"});
  rules.fee = money::units(10);
  book b{money::units(1413)}; // 1408 + 10 needed
  BOOST_TEST(code_of(execute(b, buy("AAPL", 8), seed_prices, rules)) ==
             reject_code::insufficient_funds);
  // A sale whose proceeds do not cover the fee may not overdraw the account.
  book poor{money::units(1), {{"AAPL", 1}}};
  auto cheap = price_map{{"AAPL", px("5")}};
  BOOST_TEST(code_of(execute(poor, sell("AAPL", 1), cheap, rules)) ==
             reject_code::insufficient_funds);
}

BOOST_AUTO_TEST_CASE(overflow_is_invalid_trade_not_a_wrap) {
  auto rules = rules_for({"AAPL"});
  book b{money::units(10'000)};
  auto huge = *quantity::make(std::numeric_limits<std::int64_t>::max() / 2);
  auto out = execute(b, order{side::buy, "AAPL", huge, std::nullopt},
                     seed_prices, rules);
  BOOST_TEST(code_of(out) == reject_code::invalid_trade);
  // A sale whose proceeds overflow the balance is refused the same way.
  book rich{money::from_micros(std::numeric_limits<std::int64_t>::max() - 5),
            {{"AAPL", 1}}};
  BOOST_TEST(code_of(execute(rich, sell("AAPL", 1), seed_prices, rules)) ==
             reject_code::invalid_trade);
}

BOOST_AUTO_TEST_CASE(orders_apply_in_sequence_each_on_its_own) {
  auto rules = rules_for({"AAPL", "GOOG"});
  book b{money::units(2000)};
  auto out = apply_orders(
    b, {buy("AAPL", 8), buy("GOOG", 9), sell("AAPL", 3), buy("GOOG", 5)},
    seed_prices, rules);
  // 2000 - 1408 = 592: GOOG x9 (1008) fails, the sale adds 528, then 5 GOOG
  // (560) fits into 1120.
  BOOST_TEST(std::holds_alternative<fill>(out[0]));
  BOOST_TEST(code_of(out[1]) == reject_code::insufficient_funds);
  BOOST_TEST(std::holds_alternative<fill>(out[2]));
  BOOST_TEST(std::holds_alternative<fill>(out[3]));
  BOOST_TEST(b.balance() == money::units(560));
  BOOST_TEST(b.shares("AAPL") == 5);
  BOOST_TEST(b.shares("GOOG") == 5);
}

BOOST_AUTO_TEST_CASE(reported_trade_without_quote_fills_at_its_price) {
  // The old README's example on a fresh ledger with no feed running.
  book b{default_initial_balance};
  auto result = apply_report(b, {buy("AAPL", 8, px("176"))}, {},
                             rules_for({"AAPL", "GOOG"}));
  BOOST_TEST(result.applied);
  BOOST_TEST(b.balance() == money::units(98'592));
  BOOST_TEST(b.shares("AAPL") == 8);
  BOOST_TEST(!as_fill(result.outcomes[0]).limit.has_value());
}

BOOST_AUTO_TEST_CASE(reported_price_is_checked_against_the_quote) {
  auto rules = rules_for({"AAPL"});
  book b{money::units(10'000)};
  // 5% of 176 is 8.8: 184.8 is within, 184.800001 is not.
  BOOST_TEST(
    apply_report(b, {buy("AAPL", 1, px("184.8"))}, seed_prices, rules).applied);
  auto off =
    apply_report(b, {buy("AAPL", 1, px("184.800001"))}, seed_prices, rules);
  BOOST_TEST(!off.applied);
  BOOST_TEST(code_of(off.outcomes[0]) == reject_code::price_off_market);
  auto low =
    apply_report(b, {sell("AAPL", 1, px("167.199999"))}, seed_prices, rules);
  BOOST_TEST(code_of(low.outcomes[0]) == reject_code::price_off_market);
}

BOOST_AUTO_TEST_CASE(reported_trade_without_price_needs_a_quote) {
  book b{money::units(10'000)};
  auto rules = rules_for({"AAPL"});
  auto none = apply_report(b, {buy("AAPL", 1)}, {}, rules);
  BOOST_TEST(code_of(none.outcomes[0]) == reject_code::no_quote);
  auto quoted = apply_report(b, {buy("AAPL", 1)}, seed_prices, rules);
  BOOST_TEST(as_fill(quoted.outcomes[0]).fill_price == px("176"));
}

BOOST_AUTO_TEST_CASE(a_report_applies_all_or_nothing) {
  auto rules = rules_for({"AAPL", "GOOG"});
  book b{money::units(2000)};
  auto result = apply_report(
    b, {buy("AAPL", 8, px("176")), sell("AAPL", 3), sell("GOOG", 1, px("112"))},
    seed_prices, rules);
  BOOST_TEST(!result.applied);
  BOOST_TEST(result.outcomes.size() == 3u);
  BOOST_TEST(std::holds_alternative<fill>(result.outcomes[0]));
  BOOST_TEST(std::holds_alternative<fill>(result.outcomes[1]));
  BOOST_TEST(code_of(result.outcomes[2]) == reject_code::insufficient_holdings);
  BOOST_TEST(b.balance() == money::units(2000));
  BOOST_TEST(b.positions().empty());
}

BOOST_AUTO_TEST_CASE(every_code_has_a_wire_name) {
  for (auto code : {reject_code::unknown_ticker, reject_code::invalid_trade,
                    reject_code::no_quote, reject_code::insufficient_funds,
                    reject_code::insufficient_holdings,
                    reject_code::limit_not_met, reject_code::price_off_market})
    BOOST_TEST(*parse_reject_code(to_string(code)) == code);
  BOOST_TEST(to_string(reject_code::price_off_market) == "price_off_market");
  BOOST_TEST(!parse_reject_code("ok").has_value());
}

BOOST_AUTO_TEST_CASE(rules_are_checked) {
  execution_rules rules;
  BOOST_TEST(!check_rules(rules).has_value());
  rules.slippage_bps = 10'000;
  BOOST_TEST(check_rules(rules).has_value());
  rules.slippage_bps = 0;
  rules.fee = money::units(-1);
  BOOST_TEST(check_rules(rules).has_value());
}

BOOST_AUTO_TEST_CASE(valuation) {
  book b{money::units(8683), {{"AAPL", 1}, {"GOOG", 9}}};
  BOOST_TEST(*value_of(b, seed_prices) == money::units(8683 + 176 + 9 * 112));
  BOOST_TEST(!value_of(b, {{"AAPL", px("176")}}).has_value());
  BOOST_TEST(*value_of(book{money::units(5)}, {}) == money::units(5));
}

BOOST_AUTO_TEST_SUITE_END()
