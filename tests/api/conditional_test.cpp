// The read path's pure parts, without sockets: entity tags and 304s, the
// choice of gzip, and the view cache's validity and bounds.

#include "api/conditional.hpp"
#include "api/gzip.hpp"
#include "api/view_cache.hpp"
#include "api/view_flights.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::api;

namespace {

request get(std::string if_none_match = "", std::string accept = "") {
  request req;
  req.method = "GET";
  if (!if_none_match.empty())
    req.headers.emplace("if-none-match", if_none_match);
  if (!accept.empty())
    req.headers.emplace("accept-encoding", accept);
  return req;
}

std::string header(const response& r, const std::string& name) {
  for (auto& [n, v] : r.headers)
    if (n == name)
      return v;
  return "";
}

} // namespace

BOOST_AUTO_TEST_SUITE(read_path_parts)

BOOST_AUTO_TEST_CASE(if_none_match_compares_weakly_and_in_lists) {
  BOOST_TEST(none_match("\"abc\"", "\"abc\""));
  BOOST_TEST(none_match("W/\"abc\"", "\"abc\""));
  BOOST_TEST(none_match("\"x\", \"abc\"", "\"abc\""));
  BOOST_TEST(none_match("*", "\"abc\""));
  BOOST_TEST(none_match("\"abc-gz\"", "\"abc\""));
  BOOST_TEST(!none_match("\"abcd\"", "\"abc\""));
  BOOST_TEST(!none_match("", "\"abc\""));
}

BOOST_AUTO_TEST_CASE(a_get_gets_a_tag_and_304_for_it) {
  auto r = json_response(200, R"({"a": 1})");
  finish_get(get(), r);
  auto tag = header(r, "ETag");
  BOOST_TEST(tag == etag_of(R"({"a": 1})"));
  auto again = json_response(200, R"({"a": 1})");
  finish_get(get(tag), again);
  BOOST_TEST(again.status == 304);
  BOOST_TEST(again.payload().empty());
  // Not for errors, and not for mutations.
  auto missing = error_response(404, "unknown_ledger", "no");
  finish_get(get(tag), missing);
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(header(missing, "ETag").empty());
  auto post = json_response(200, R"({"a": 1})");
  auto req = get(tag);
  req.method = "POST";
  finish_get(req, post);
  BOOST_TEST(post.status == 200);
}

BOOST_AUTO_TEST_CASE(large_bodies_go_gzipped_when_accepted) {
  std::string big(4000, 'x');
  auto plain = json_response(200, big);
  finish_get(get(), plain);
  BOOST_TEST(header(plain, "Content-Encoding").empty());
  BOOST_TEST(header(plain, "Vary") == "Accept-Encoding");
  auto packed = json_response(200, big);
  finish_get(get("", "deflate, gzip"), packed);
  BOOST_TEST(header(packed, "Content-Encoding") == "gzip");
  BOOST_TEST(gunzip(packed.payload()) == big);
  BOOST_TEST(header(packed, "ETag") != header(plain, "ETag"));
  auto small = json_response(200, "{}");
  finish_get(get("", "gzip"), small);
  BOOST_TEST(header(small, "Content-Encoding").empty());
  BOOST_TEST(accepts_gzip("GZIP;q=0.5"));
  BOOST_TEST(accepts_gzip("*"));
  BOOST_TEST(!accepts_gzip("gzip;q=0"));
  BOOST_TEST(!accepts_gzip("gzip;q=0.000, *"));
  BOOST_TEST(!accepts_gzip("br, deflate"));
  BOOST_TEST(!accepts_gzip(""));
}

BOOST_AUTO_TEST_CASE(the_view_cache_answers_only_for_the_same_version) {
  view_cache cache;
  auto v1 = cache.put("a", {7, 1}, "one");
  BOOST_TEST(cache.find("a", {7, 1})->etag == v1.etag);
  BOOST_TEST(*cache.find("a", {7, 1})->body == "one");
  BOOST_TEST(!cache.find("a", {7, 2}));
  BOOST_TEST(!cache.find("a", {8, 1})); // a re-created ledger
  BOOST_TEST(!cache.find("b", {7, 1}));
  auto v2 = cache.put("a", {7, 2}, "two");
  BOOST_TEST(v2.etag != v1.etag);
  BOOST_TEST(!cache.find("a", {7, 1}));
  cache.add_gzipped("a", {7, 1}, std::make_shared<const std::string>("old"));
  BOOST_TEST(!cache.find("a", {7, 2})->gzipped);
  cache.add_gzipped("a", {7, 2}, std::make_shared<const std::string>("gz"));
  BOOST_TEST(*cache.find("a", {7, 2})->gzipped == "gz");
  cache.erase("a");
  BOOST_TEST(!cache.find("a", {7, 2}));
  BOOST_TEST(cache.entries() == 0u);
  BOOST_TEST(cache.bytes() == 0u);
}

BOOST_AUTO_TEST_CASE(the_view_cache_stays_within_its_bytes) {
  view_cache cache{16 * 1000}; // 1000 bytes a shard
  for (int i = 0; i < 1000; ++i)
    cache.put("ledger-" + std::to_string(i), {1, 1}, std::string(100, 'x'));
  BOOST_TEST(cache.bytes() <= 16u * 1000u);
  BOOST_TEST(cache.entries() > 0u);
  // Too large for any shard: answered, not kept.
  auto huge = cache.put("huge", {1, 1}, std::string(5000, 'x'));
  BOOST_TEST(huge.body->size() == 5000u);
  BOOST_TEST(!cache.find("huge", {1, 1}));
}

BOOST_AUTO_TEST_CASE(concurrent_misses_of_one_version_share_one_render) {
  view_flights flights;
  int answered = 0;
  std::string seen;
  auto waiter = [&](const flight_result& r) {
    ++answered;
    seen = *std::get<rendered_view>(r).body;
  };
  BOOST_TEST(flights.join("a", {1, 1}, waiter));  // renders
  BOOST_TEST(!flights.join("a", {1, 1}, waiter)); // waits
  BOOST_TEST(!flights.join("a", {1, 1}, waiter)); // waits
  BOOST_TEST(flights.join("a", {1, 2}, waiter));  // another version
  BOOST_TEST(flights.join("b", {1, 1}, waiter));  // another ledger
  flights.land("a", {1, 1},
               rendered_view{std::make_shared<const std::string>("v"), "", {}});
  BOOST_TEST(answered == 2);
  BOOST_TEST(seen == "v");
  // Landed: the next miss renders again.
  BOOST_TEST(flights.join("a", {1, 1}, waiter));
  int failed = 0;
  BOOST_TEST(!flights.join("a", {1, 1}, [&](const flight_result& r) {
    failed += std::holds_alternative<failure>(r) ? 1 : 0;
  }));
  flights.land("a", {1, 1}, failure{"timeout", "slow", {}});
  BOOST_TEST(failed == 1);
}

BOOST_AUTO_TEST_SUITE_END()
