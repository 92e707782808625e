// What the command handler asks the registry for each kind of command, and
// what it answers: the registry's result (or error) encoded as
// messaging::encode_command_reply encodes it, with the command's
// correlation id, on the command's reply_to queue.

#include "actors/committed_history.hpp"
#include "tests/actors/command_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using messaging::command_kind;

BOOST_FIXTURE_TEST_SUITE(command_handler_requests, command_fixture)

BOOST_AUTO_TEST_CASE(a_command_it_cannot_read_is_answered_bad_command) {
  int n = 0;
  for (std::string body : {"{not json", R"({"v":1,"command":"explode"})",
                           R"({"v":1,"command":"start"})"}) {
    BOOST_TEST_CONTEXT(body) {
      auto id = "bad" + std::to_string(++n);
      deliver(body, id);
      auto why = std::get<std::string>(messaging::decode_command(body));
      BOOST_TEST(reply(id) ==
                 encoded(messaging::command_error{"bad_command", why}));
    }
  }
  BOOST_TEST(registry->asked.empty());
}

BOOST_AUTO_TEST_CASE(create_start_and_stop_answer_with_the_registrys_view) {
  auto create = command_of(command_kind::create);
  create.config = test_config("a");
  create.start = false;
  registry->answers.emplace_back(caf::make_message(view_of("a")));
  deliver(create);
  BOOST_TEST(reply() == encoded(messaging::ledger_reply{view_of("a"), {}}));
  BOOST_REQUIRE((asked().match_elements<atom::create, ledger_config, bool>()));
  BOOST_TEST(asked().get_as<ledger_config>(1).name == "a");
  BOOST_TEST(asked().get_as<bool>(2) == false);

  for (auto kind : {command_kind::start, command_kind::stop}) {
    registry->answers.emplace_back(caf::make_message(view_of("b")));
    deliver(command_of(kind, "b"));
    BOOST_TEST(reply() == encoded(messaging::ledger_reply{view_of("b"), {}}));
    BOOST_TEST((kind == command_kind::start
                  ? asked().match_elements<atom::start, std::string>()
                  : asked().match_elements<atom::stop, std::string>()));
    BOOST_TEST(asked().get_as<std::string>(1) == "b");
  }
  BOOST_TEST(registry->asked.size() == 3u);
}

BOOST_AUTO_TEST_CASE(delete_update_and_list_answer_in_their_own_shapes) {
  registry->answers.emplace_back(caf::make_message(true));
  deliver(command_of(command_kind::remove));
  BOOST_TEST(reply() == encoded(messaging::ledger_deleted{}));
  BOOST_TEST((asked().match_elements<atom::remove, std::string>()));

  auto update = command_of(command_kind::update);
  update.trades = {order{side::buy, "AAPL", *quantity::make(2), std::nullopt}};
  update.holding = holdings{{"AAPL", 2}};
  report_result applied{true, {}};
  registry->answers.emplace_back(caf::make_message(applied));
  deliver(update);
  BOOST_TEST(reply() == encoded(applied));
  BOOST_REQUIRE(
    (asked().match_elements<atom::report, std::string, report_request>()));
  auto& report = asked().get_as<report_request>(2);
  BOOST_TEST(report.trades.size() == 1u);
  BOOST_TEST((report.expected == holdings{{"AAPL", 2}}));

  // A page is cut from the whole list: names after "b", at most two.
  auto list = command_of(command_kind::list, "");
  list.after = "b";
  list.limit = 2;
  std::vector<ledger_view> all;
  for (auto name : {"a", "b", "c", "d", "e"})
    all.push_back(view_of(name));
  registry->answers.emplace_back(caf::make_message(all));
  deliver(list);
  BOOST_TEST(reply() ==
             encoded(std::vector<ledger_view>{view_of("c"), view_of("d")}));
  BOOST_TEST((asked().match_elements<atom::list>()));
}

BOOST_AUTO_TEST_CASE(view_adds_the_committed_history_to_the_registrys_view) {
  registry->answers.emplace_back(caf::make_message(view_of("a")));
  // A disconnected writer is not waited for (no flush is asked).
  persistence->answers.emplace_back(caf::make_message(persistence_health{}));
  reader->answers.emplace_back(
    caf::make_message(std::vector<persistence::trade_row>{}));
  reader->answers.emplace_back(
    caf::make_message(std::vector<persistence::valuation_row>{}));
  deliver(command_of(command_kind::view));
  committed_history none;
  none.complete = false;
  auto old_view = seed_view_json(none, view_of("a").record);
  BOOST_TEST(reply() ==
             encoded(messaging::ledger_reply{view_of("a"), old_view}));
  BOOST_TEST((asked().match_elements<atom::get, std::string>()));
  BOOST_REQUIRE_EQUAL(persistence->asked.size(), 1u);
  BOOST_TEST((persistence->asked[0].match_elements<atom::health>()));
  BOOST_REQUIRE_EQUAL(reader->asked.size(), 2u);
  BOOST_TEST(reader->asked[0].match_elements<trades_query>());
  BOOST_TEST(reader->asked[1].match_elements<history_query>());
}

BOOST_AUTO_TEST_SUITE_END()
