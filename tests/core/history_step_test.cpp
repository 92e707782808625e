// The step of downsampled history: what ?step= accepts, what it refuses
// with which sentence, and the epoch-aligned buckets it cuts, including
// times exactly on an edge and before 1970.

#include "core/history_step.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace ledger;
using namespace std::chrono_literals;

namespace {

std::chrono::seconds step_of(const char* text) {
  auto parsed = parse_history_step(text);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::chrono::seconds>(parsed),
                        text);
  return std::get<std::chrono::seconds>(parsed);
}

std::string refusal(const char* text) {
  auto parsed = parse_history_step(text);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::string>(parsed), text);
  return std::get<std::string>(parsed);
}

timestamp at_us(std::int64_t micros) {
  return timestamp{std::chrono::duration_cast<timestamp::duration>(
    std::chrono::microseconds{micros})};
}

} // namespace

BOOST_AUTO_TEST_SUITE(history_step)

BOOST_AUTO_TEST_CASE(steps_are_written_like_intervals_or_in_days) {
  BOOST_TEST(step_of("1s").count() == 1);
  BOOST_TEST(step_of("90s").count() == 90);
  BOOST_TEST(step_of("1m").count() == 60);
  BOOST_TEST(step_of("5m").count() == 300);
  BOOST_TEST(step_of("1h").count() == 3600);
  BOOST_TEST(step_of("1.5h").count() == 5400);
  BOOST_TEST(step_of("1d").count() == 86'400);
  BOOST_TEST(step_of("7d").count() == 7 * 86'400);
  BOOST_TEST(step_of("0.5d").count() == 43'200);
  BOOST_TEST(step_of("1000ms").count() == 1);
  BOOST_TEST(step_of("3650d").count() == 3650LL * 86'400);
}

BOOST_AUTO_TEST_CASE(malformed_small_and_large_steps_are_refused) {
  auto malformed = "step must be a duration like 30s, 5m, 1h or 1d";
  for (auto text : {"", "d", "m", "5", "1w", "1y", "-1m", "1 m", "1M", "1e2s",
                    "1e1d", "abc", "1mm", "m1", "0x10s", ".m"})
    BOOST_TEST(refusal(text) == malformed, "'" << text << "'");
  // Zero is no duration at all; below a second, too fine.
  BOOST_TEST(refusal("0s") == malformed);
  BOOST_TEST(refusal("0d") == malformed);
  BOOST_TEST(refusal("500ms") == "step must be at least 1s");
  BOOST_TEST(refusal("0.5s") == "step must be at least 1s");
  BOOST_TEST(refusal("999ms") == "step must be at least 1s");
  BOOST_TEST(refusal("1.5s") == "step must be a whole number of seconds");
  BOOST_TEST(refusal("1001ms") == "step must be a whole number of seconds");
  BOOST_TEST(refusal("3651d") == "step must be at most 3650d");
  BOOST_TEST(refusal("100000h") == "step must be at most 3650d");
}

BOOST_AUTO_TEST_CASE(buckets_are_epoch_multiples_of_the_step) {
  constexpr std::int64_t minute = 60'000'000;
  constexpr std::int64_t t0 = 1'699'920'000'000'000; // a UTC midnight
  auto hour = std::chrono::microseconds{60 * minute};
  // Exactly on an edge: the bucket starting there; a microsecond before:
  // the previous one.
  BOOST_TEST((bucket_start(at_us(t0), hour) == at_us(t0)));
  BOOST_TEST((bucket_start(at_us(t0 - 1), hour) == at_us(t0 - 60 * minute)));
  BOOST_TEST((bucket_start(at_us(t0 + 59 * minute), hour) == at_us(t0)));
  BOOST_TEST(
    (bucket_start(at_us(t0 + 60 * minute), hour) == at_us(t0 + 60 * minute)));
  // 7 days since the epoch: a Thursday, not a Monday.
  auto week = std::chrono::microseconds{7LL * 24 * 60 * minute};
  BOOST_TEST((bucket_start(at_us(t0), week) ==
              at_us(t0 - (t0 % (7LL * 24 * 60 * minute)))));
  // Before 1970 the floor goes down, not toward zero.
  BOOST_TEST((bucket_start(at_us(-1), hour) == at_us(-60 * minute)));
  BOOST_TEST((bucket_start(at_us(-60 * minute), hour) == at_us(-60 * minute)));
  // The cursor: after a bucket's start, or anywhere inside it, comes the
  // next bucket.
  BOOST_TEST((next_bucket_start(at_us(t0), hour) == at_us(t0 + 60 * minute)));
  BOOST_TEST(
    (next_bucket_start(at_us(t0 + 1), hour) == at_us(t0 + 60 * minute)));
  BOOST_TEST((next_bucket_start(at_us(t0 - 1), hour) == at_us(t0)));
}

BOOST_AUTO_TEST_SUITE_END()
