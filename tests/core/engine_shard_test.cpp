#include "core/engine_shard.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

using namespace ledger;

BOOST_AUTO_TEST_SUITE(engine_shard)

// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector):
// a client in another language computes the same shard.
BOOST_AUTO_TEST_CASE(shard_is_fnv1a_of_the_name_modulo_the_count) {
  BOOST_TEST(engine_shard_of("a", 64) ==
             static_cast<int>(0xaf63dc4c8601ec8cull % 64));
  BOOST_TEST(engine_shard_of("", 64) ==
             static_cast<int>(14695981039346656037ull % 64));
  BOOST_TEST(engine_shard_of("anything", 1) == 0);
}

BOOST_AUTO_TEST_CASE(names_spread_over_every_shard) {
  std::map<int, int> per_shard;
  for (int i = 0; i < 6400; ++i) {
    auto s = engine_shard_of("b" + std::to_string(i), 64);
    BOOST_REQUIRE(s >= 0);
    BOOST_REQUIRE(s < 64);
    ++per_shard[s];
  }
  BOOST_TEST(per_shard.size() == 64u);
  for (auto& [shard, n] : per_shard) {
    BOOST_TEST_CONTEXT("shard " << shard) {
      BOOST_TEST(n > 50); // 100 expected
      BOOST_TEST(n < 150);
    }
  }
}

BOOST_AUTO_TEST_CASE(fair_share_splits_evenly_and_covers_every_shard) {
  for (int nodes = 1; nodes <= 7; ++nodes) {
    int total = 0;
    for (int rank = 0; rank < nodes; ++rank) {
      auto share = fair_share(64, nodes, rank);
      BOOST_TEST(share >= 64 / nodes);
      BOOST_TEST(share <= 64 / nodes + 1);
      total += share;
    }
    BOOST_TEST(total == 64);
  }
  BOOST_TEST(fair_share(64, 3, 0) == 22);
  BOOST_TEST(fair_share(64, 3, 2) == 21);
  BOOST_TEST(fair_share(64, 3, 3) == 0);
  BOOST_TEST(fair_share(64, 0, 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
