// Text at the edges: strict UTF-8, clean names, repaired output, and the
// algo_path rule (a relative path that cannot climb out of the root).

#include "core/ledger_config.hpp"
#include "core/text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ledger;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(utf8_is_checked_in_its_strict_form) {
  BOOST_TEST(is_valid_utf8("plain ascii"));
  BOOST_TEST(is_valid_utf8("\xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xa9"));
  BOOST_TEST(is_valid_utf8(std::string("a\0b", 3))); // NUL is UTF-8
  BOOST_TEST(!is_valid_utf8("\xff\xfe"));
  BOOST_TEST(!is_valid_utf8("\xc0\xaf"));         // overlong '/'
  BOOST_TEST(!is_valid_utf8("\xe0\x80\xaf"));     // overlong, 3 bytes
  BOOST_TEST(!is_valid_utf8("\xed\xa0\x80"));     // lone surrogate
  BOOST_TEST(!is_valid_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
  BOOST_TEST(!is_valid_utf8("ab\xe2\x82"));       // truncated
}

BOOST_AUTO_TEST_CASE(clean_text_has_no_control_characters) {
  BOOST_TEST(is_clean_text("buy_and_hold"));
  BOOST_TEST(is_clean_text("caf\xc3\xa9"));
  BOOST_TEST(!is_clean_text(std::string("abc\0../x", 8)));
  BOOST_TEST(!is_clean_text("tab\there"));
  BOOST_TEST(!is_clean_text("del\x7f"));
  BOOST_TEST(!is_clean_text("c1 \xc2\x85"));
  BOOST_TEST(!is_clean_text("\xff"));
}

BOOST_AUTO_TEST_CASE(repair_replaces_only_what_is_broken) {
  const std::string fffd = "\xEF\xBF\xBD";
  BOOST_TEST(repair_utf8("plain") == "plain");
  BOOST_TEST(repair_utf8("\xe2\x82\xac") == "\xe2\x82\xac");
  BOOST_TEST(repair_utf8("\xff") == fffd);
  BOOST_TEST(repair_utf8("\xc0\xaf") == fffd + fffd);
  BOOST_TEST(repair_utf8("\xed\xa0\x80") == fffd + fffd + fffd);
  BOOST_TEST(repair_utf8("ab\xe2\x82") == "ab" + fffd); // cut short: one
  BOOST_TEST(repair_utf8("a\xe2\x82z") == "a" + fffd + "z");
  BOOST_TEST(repair_utf8("\xf0\x9f\x92") == fffd);
  const std::string with_nul("a\0b", 3);
  BOOST_TEST(repair_utf8(with_nul) == with_nul);
}

BOOST_AUTO_TEST_CASE(algo_paths_stay_under_the_root) {
  for (auto good :
       {"buy_and_hold", "random_trader.py", "team/momentum", "a/b.c/d-e_f",
        "builtin:null", "builtin:random", "v1.2/model.py"})
    BOOST_TEST(is_valid_algo_path(good), good);
  for (auto bad : {"",
                   "/etc/passwd",
                   "/",
                   "..",
                   ".",
                   "../../../../etc/passwd",
                   "a/../../b",
                   "./../x",
                   "a//b",
                   "a/",
                   "/a",
                   "a/./b",
                   "%2e%2e",
                   "..%2f..",
                   "a\\b",
                   "a b",
                   "builtin:",
                   "builtin:Null",
                   "builtin:../x",
                   "caf\xc3\xa9"})
    BOOST_TEST(!is_valid_algo_path(bad), bad);
  BOOST_TEST(!is_valid_algo_path(std::string("ok\0/../x", 8)));
  BOOST_TEST(!is_valid_algo_path(std::string(256, 'a')));
  BOOST_TEST(is_valid_algo_path(std::string(255, 'a')));
}

BOOST_AUTO_TEST_CASE(ledger_names_are_never_path_segments_that_climb) {
  BOOST_TEST(is_valid_ledger_name("krishalgo"));
  BOOST_TEST(is_valid_ledger_name("a.b-c_d"));
  BOOST_TEST(is_valid_ledger_name("..."));
  BOOST_TEST(!is_valid_ledger_name("."));
  BOOST_TEST(!is_valid_ledger_name(".."));
  BOOST_TEST(!is_valid_ledger_name("a/b"));
  BOOST_TEST(!is_valid_ledger_name(std::string("a\0b", 3)));
}

BOOST_AUTO_TEST_CASE(tickers_are_routing_keys_without_empty_words) {
  for (auto good : {"AAPL", "BRK.B", "^GSPC", "BTC-USD", "A_1"})
    BOOST_TEST(is_valid_ticker(good), good);
  for (auto bad : {"", "..", ".", "A.", ".A", "A..B", "A*", "A#", "A B",
                   "ABCDEFGHIJKLMNOPQ"})
    BOOST_TEST(!is_valid_ticker(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
