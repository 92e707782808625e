#include "core/concurrency_limit.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(concurrency_limit_tests)

BOOST_AUTO_TEST_CASE(starts_at_its_maximum_and_timeouts_shrink_it_by_a_fifth) {
  concurrency_limit limit{1000, 16};
  BOOST_TEST(limit.value() == 1000u);
  auto t = concurrency_limit::clock::time_point{} + 1h;
  limit.expired(t);
  BOOST_TEST(limit.value() == 800u);
  limit.expired(t + concurrency_limit::cooldown);
  BOOST_TEST(limit.value() == 640u);
}

BOOST_AUTO_TEST_CASE(one_overload_episode_counts_once) {
  concurrency_limit limit{100, 16};
  auto t = concurrency_limit::clock::time_point{} + 1h;
  for (int i = 0; i < 50; ++i)
    limit.expired(t + std::chrono::milliseconds{i});
  BOOST_TEST(limit.value() == 80u);
}

BOOST_AUTO_TEST_CASE(never_falls_below_its_minimum) {
  concurrency_limit limit{100, 16};
  auto t = concurrency_limit::clock::time_point{} + 1h;
  for (int i = 0; i < 100; ++i)
    limit.expired(t + i * concurrency_limit::cooldown);
  BOOST_TEST(limit.value() == 16u);
}

BOOST_AUTO_TEST_CASE(answers_in_time_grow_it_by_one_per_round_up_to_max) {
  concurrency_limit limit{100, 16};
  auto t = concurrency_limit::clock::time_point{} + 1h;
  limit.expired(t); // 80
  for (int i = 0; i < 79; ++i)
    limit.answered();
  BOOST_TEST(limit.value() == 80u);
  limit.answered();
  BOOST_TEST(limit.value() == 81u);
  for (int i = 0; i < 100'000; ++i)
    limit.answered();
  BOOST_TEST(limit.value() == 100u);
}

BOOST_AUTO_TEST_CASE(a_minimum_above_the_maximum_is_the_maximum) {
  concurrency_limit limit{4, 16};
  limit.expired(concurrency_limit::clock::time_point{} + 1h);
  BOOST_TEST(limit.value() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
