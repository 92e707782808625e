#include "messaging/wire_document.hpp"
#include "messaging/wire_writer.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger::messaging;

BOOST_AUTO_TEST_SUITE(wire_document_suite)

BOOST_AUTO_TEST_CASE(tells_numbers_from_strings) {
  wire_document doc;
  BOOST_REQUIRE(!doc.parse(
    R"({"n": 96485.50, "s": "96485.50", "i": -0, "e": 1e3, "t": true, "z": null})"));
  auto& root = doc.root();
  BOOST_TEST(doc.is_number(root["n"]));
  BOOST_TEST(!doc.is_text(root["n"]));
  // The number's text is kept digit for digit.
  BOOST_TEST(std::string{root["n"].GetString()} == "96485.50");
  BOOST_TEST(doc.is_text(root["s"]));
  BOOST_TEST(!doc.is_number(root["s"]));
  BOOST_TEST(doc.is_number(root["i"]));
  BOOST_TEST(doc.is_number(root["e"]));
  BOOST_TEST(!doc.is_number(root["t"]));
  BOOST_TEST(!doc.is_text(root["z"]));
}

BOOST_AUTO_TEST_CASE(numbers_and_strings_in_arrays) {
  wire_document doc;
  BOOST_REQUIRE(!doc.parse(R"([1, "1", [2, "x"], {"k": 3}])"));
  auto& a = doc.root();
  BOOST_TEST(doc.is_number(a[0]));
  BOOST_TEST(doc.is_text(a[1]));
  BOOST_TEST(doc.is_number(a[2][0]));
  BOOST_TEST(doc.is_text(a[2][1]));
  BOOST_TEST(doc.is_number(a[3]["k"]));
}

BOOST_AUTO_TEST_CASE(reparsing_starts_over) {
  wire_document doc;
  BOOST_REQUIRE(!doc.parse(R"({"a": 1})"));
  BOOST_REQUIRE(doc.parse("{").has_value());
  BOOST_TEST(doc.root().IsNull());
  BOOST_REQUIRE(!doc.parse(R"({"b": "2"})"));
  BOOST_TEST(doc.is_text(doc.root()["b"]));
}

BOOST_AUTO_TEST_CASE(message_checks) {
  wire_document doc;
  BOOST_TEST(!doc.parse_message(R"({"v": 1})"));
  BOOST_TEST(!doc.parse_message(R"({"v": 1.0})"));
  BOOST_TEST(doc.parse_message(R"({"v": 2})").value_or("").find("version 2") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(depth_limit_is_exact) {
  wire_document doc;
  std::string ok = std::string(max_depth, '[') + std::string(max_depth, ']');
  BOOST_TEST(!doc.parse(ok));
  std::string deep = "[" + ok + "]";
  BOOST_TEST(doc.parse(deep).has_value());
}

BOOST_AUTO_TEST_CASE(valid_utf8_repairs_only_what_is_broken) {
  BOOST_TEST(valid_utf8("plain ascii") == "plain ascii");
  BOOST_TEST(valid_utf8("\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9") ==
             "\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9");
  const std::string fffd = "\xEF\xBF\xBD";
  BOOST_TEST(valid_utf8("\xff") == fffd);
  BOOST_TEST(valid_utf8("\xc0\xaf") == fffd + fffd);            // overlong
  BOOST_TEST(valid_utf8("\xed\xa0\x80") == fffd + fffd + fffd); // surrogate
  BOOST_TEST(valid_utf8("\xf4\x90\x80\x80") == fffd + fffd + fffd + fffd);
  BOOST_TEST(valid_utf8("ab\xe2\x82") == "ab" + fffd + fffd); // truncated
  const std::string with_nul("a\0b", 3);
  BOOST_TEST(valid_utf8(with_nul) == with_nul);
}

BOOST_AUTO_TEST_SUITE_END()
