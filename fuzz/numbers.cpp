// The small parsers of core/ and json/ that every edge uses: exact amounts
// (core/fixed_point.hpp, money, price), durations (parse_interval,
// parse_decimal_duration), times (json/time.hpp), whole numbers
// (json::read_integer), enum names and UTF-8 checks (core/text.hpp). The
// input is one text; its first 8 bytes are also an int64 to format.
//
// Properties:
//  - parse -> format -> parse gives the same value, and format's text is
//    canonical (it formats back to itself): amounts, intervals, times, enum
//    names; money and price parse exactly what parse_micros does (price:
//    only > 0); format_micros of any int64 parses back;
//  - durations are positive, at most max_duration and exact: the count of
//    milliseconds times 10^6 is the amount times the unit;
//  - read_integer agrees with parse_micros, and beyond its range reads
//    only plain digits;
//  - clean text is valid UTF-8, and repair_utf8 gives valid UTF-8 that
//    leaves valid text alone.

#include "core/algo_failure.hpp"
#include "core/fixed_point.hpp"
#include "core/ledger_config.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"
#include "core/price.hpp"
#include "core/text.hpp"
#include "core/tick_record.hpp"
#include "json/exact.hpp"
#include "json/time.hpp"

#include <chrono>
#include <cstring>

#include "fuzz/check.hpp"

using namespace ledger;

namespace {

void check_amount(std::string_view text) {
  auto micros = parse_micros(text);
  auto m = money::parse(text);
  auto p = price::parse(text);
  FUZZ_CHECK(micros.has_value() == m.has_value());
  FUZZ_CHECK(p.has_value() == (micros && *micros > 0));
  if (!micros)
    return;
  FUZZ_CHECK(m->micros() == *micros);
  auto formatted = format_micros(*micros);
  auto again = parse_micros(formatted);
  FUZZ_CHECK(again && *again == *micros);
  FUZZ_CHECK_EQUAL_TEXT(format_micros(*again), formatted);
  FUZZ_CHECK_EQUAL_TEXT(m->to_string(), formatted);
}

void check_format(std::int64_t micros) {
  auto text = format_micros(micros);
  auto again = parse_micros(text);
  FUZZ_CHECK(again && *again == micros);
}

void check_durations(std::string_view text) {
  using std::chrono::milliseconds;
  if (auto interval = parse_interval(text)) {
    FUZZ_CHECK(interval->count() > 0 && *interval <= max_duration);
    auto formatted = format_interval(*interval);
    auto again = parse_interval(formatted);
    FUZZ_CHECK(again && *again == *interval);
    FUZZ_CHECK_EQUAL_TEXT(format_interval(*again), formatted);
  }
  for (milliseconds unit :
       {milliseconds{1}, milliseconds{1000}, milliseconds{60'000},
        milliseconds{3'600'000}, milliseconds{86'400'000}}) {
    auto d = parse_decimal_duration(text, unit);
    if (!d)
      continue;
    FUZZ_CHECK(d->count() > 0 && *d <= max_duration);
    auto micros = parse_micros(text);
    FUZZ_CHECK(micros.has_value());
    FUZZ_CHECK(static_cast<__int128>(d->count()) * fixed_scale ==
               static_cast<__int128>(*micros) * unit.count());
  }
}

void check_time(std::string_view text) {
  auto t = json::parse_time(text);
  if (!t)
    return;
  auto formatted = json::format_time(*t);
  auto again = json::parse_time(formatted);
  FUZZ_CHECK(again && *again == *t);
  FUZZ_CHECK_EQUAL_TEXT(json::format_time(*again), formatted);
  auto seed = json::parse_time(json::format_seed_time(*t));
  FUZZ_CHECK(seed && *seed == *t);
}

void check_integer(std::string_view text) {
  rapidjson::Value v{text.data(),
                     static_cast<rapidjson::SizeType>(text.size())};
  auto n = json::read_integer(v);
  if (!n)
    return;
  // The same value as an exact amount when it is in that range; beyond it,
  // only plain digits are whole numbers.
  if (auto micros = parse_micros(text)) {
    FUZZ_CHECK(checked_mul(*n, fixed_scale) == micros);
  } else {
    auto digits = text.substr(!text.empty() && text[0] == '-' ? 1 : 0);
    FUZZ_CHECK(!digits.empty() &&
               digits.find_first_not_of("0123456789") == digits.npos);
  }
}

template <class Parse, class Name>
void check_name(std::string_view text, Parse parse, Name name) {
  if (auto value = parse(text))
    FUZZ_CHECK(name(*value) == text);
}

void check_names(std::string_view text) {
  check_name(text, parse_side, [](side s) { return to_string(s); });
  check_name(text, parse_status, [](ledger_status s) { return to_string(s); });
  check_name(text, parse_reject_code,
             [](reject_code c) { return to_string(c); });
  check_name(text, parse_tick_outcome,
             [](tick_outcome o) { return to_string(o); });
  check_name(text, parse_algo_failure,
             [](algo_failure f) { return to_string(f); });
}

void check_text(std::string_view text) {
  bool valid = is_valid_utf8(text);
  FUZZ_CHECK(!is_clean_text(text) || valid);
  auto repaired = repair_utf8(text);
  FUZZ_CHECK(is_valid_utf8(repaired));
  if (valid)
    FUZZ_CHECK_EQUAL_TEXT(repaired, text);
  if (is_valid_ledger_name(text) || is_valid_ticker(text) ||
      is_valid_algo_path(text))
    FUZZ_CHECK(is_clean_text(text));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto text = ledger::fuzz::text_of(data, size);
  check_amount(text);
  check_durations(text);
  check_time(text);
  check_integer(text);
  check_names(text);
  check_text(text);
  if (size >= 8) {
    std::int64_t micros;
    std::memcpy(&micros, data, sizeof micros);
    check_format(micros);
  }
  return 0;
}
