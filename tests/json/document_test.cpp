#include "json/document.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger::json;

BOOST_AUTO_TEST_SUITE(document_suite)

BOOST_AUTO_TEST_CASE(tells_numbers_from_strings) {
  document doc;
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
  document doc;
  BOOST_REQUIRE(!doc.parse(R"([1, "1", [2, "x"], {"k": 3}])"));
  auto& a = doc.root();
  BOOST_TEST(doc.is_number(a[0]));
  BOOST_TEST(doc.is_text(a[1]));
  BOOST_TEST(doc.is_number(a[2][0]));
  BOOST_TEST(doc.is_text(a[2][1]));
  BOOST_TEST(doc.is_number(a[3]["k"]));
}

BOOST_AUTO_TEST_CASE(reparsing_starts_over) {
  document doc;
  BOOST_REQUIRE(!doc.parse(R"({"a": 1})"));
  BOOST_REQUIRE(doc.parse("{").has_value());
  BOOST_TEST(doc.root().IsNull());
  BOOST_REQUIRE(!doc.parse(R"({"b": "2"})"));
  BOOST_TEST(doc.is_text(doc.root()["b"]));
}

BOOST_AUTO_TEST_CASE(depth_limit_is_exact) {
  document doc;
  std::string ok = std::string(max_depth, '[') + std::string(max_depth, ']');
  BOOST_TEST(!doc.parse(ok));
  std::string deep = "[" + ok + "]";
  BOOST_TEST(doc.parse(deep).has_value());
}

BOOST_AUTO_TEST_CASE(strictness_nul_bytes_duplicates_and_encoding) {
  document doc;
  // A raw NUL ends RapidJSON's input: refused wherever it stands.
  BOOST_TEST(doc.parse(std::string("{\"a\": 1}\0junk", 13)).has_value());
  BOOST_TEST(doc.parse(std::string("{\"a\": \"x\0y\"}", 12)).has_value());
  // Escaped, a NUL is a character of the string (field readers refuse it).
  BOOST_REQUIRE(!doc.parse(R"({"a": "x\u0000y"})"));
  BOOST_TEST(doc.root()["a"].GetStringLength() == 3u);
  BOOST_TEST(doc.parse(R"({"a": 1, "a": 2})").value_or("").find("twice") !=
             std::string::npos);
  BOOST_TEST(doc.parse(R"({"o": {"k": 1, "k": 1}})").has_value());
  BOOST_TEST(doc.parse("{\"a\": \"\xff\xfe\"}").has_value());
  BOOST_TEST(doc.parse("{\"a\": \"\xc0\xaf\"}").has_value()); // overlong
  BOOST_TEST(doc.parse("[NaN]").has_value());
  BOOST_TEST(doc.parse("{} {}").has_value());
}

BOOST_AUTO_TEST_CASE(a_moved_document_keeps_its_numbers) {
  document a;
  BOOST_REQUIRE(!a.parse(R"({"n": 12.5, "s": "12.5"})"));
  document b = std::move(a);
  BOOST_TEST(b.is_number(b.root()["n"]));
  BOOST_TEST(b.is_text(b.root()["s"]));
  BOOST_TEST(std::string{b.root()["n"].GetString()} == "12.5");
}

BOOST_AUTO_TEST_SUITE_END()
