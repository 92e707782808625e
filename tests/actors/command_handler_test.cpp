// What the command handler asks the registry for each kind of command, and
// what it answers: the registry's result (or error) encoded as
// messaging::encode_command_reply encodes it, with the command's
// correlation id, on the command's reply_to queue.

#include "actors/committed_history.hpp"
#include "actors/errors.hpp"
#include "actors/reader_queries.hpp"
#include "core/idempotency.hpp"
#include "tests/actors/command_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using messaging::command_kind;

namespace {

persistence::idempotency_claim claimed() {
  return persistence::idempotency_claim{};
}

// The error code of a reply body, or "" when it is no error.
std::string error_code(const std::string& body) {
  auto decoded = messaging::decode_command_reply(body);
  auto reply = std::get_if<messaging::command_reply>(&decoded);
  auto error = reply ? std::get_if<messaging::command_error>(reply) : nullptr;
  return error ? error->code : "";
}

} // namespace

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
  reader->answers.emplace_back(caf::make_message(claimed()));
  registry->answers.emplace_back(caf::make_message(applied));
  reader->answers.emplace_back(caf::make_message(true)); // settled
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

// An update runs under its correlation id's idempotency key, so a copy the
// broker delivers again cannot apply its trades twice.
BOOST_AUTO_TEST_CASE(an_update_claims_its_key_and_settles_it_before_replying) {
  auto update = command_of(command_kind::update);
  update.trades = {order{side::buy, "AAPL", *quantity::make(2), std::nullopt}};
  auto body = messaging::encode_command(update);
  report_result applied{true, {}};
  reader->answers.emplace_back(caf::make_message(claimed()));
  registry->answers.emplace_back(caf::make_message(applied));
  reader->answers.emplace_back(caf::make_message(true));
  deliver(body, "corr-7");
  BOOST_TEST(reply("corr-7") == encoded(applied));
  BOOST_REQUIRE_EQUAL(reader->asked.size(), 2u);
  BOOST_REQUIRE(reader->asked[0].match_elements<claim_query>());
  auto& claim = reader->asked[0].get_as<claim_query>(0);
  BOOST_TEST(claim.ledger == "a");
  BOOST_TEST(claim.key == "command corr-7");
  BOOST_TEST(claim.request_hash == idempotency_hash("a", body));
  BOOST_REQUIRE(reader->asked[1].match_elements<claim_settle>());
  auto& settled = reader->asked[1].get_as<claim_settle>(0);
  BOOST_TEST(settled.key == "command corr-7");
  BOOST_TEST(!settled.release);
  BOOST_TEST(settled.response == encoded(applied)); // what a replay sends
}

BOOST_AUTO_TEST_CASE(a_settled_update_delivered_again_replays_its_reply) {
  persistence::idempotency_claim done;
  done.state = persistence::claim_state::replay;
  done.response = encoded(report_result{true, {}});
  reader->answers.emplace_back(caf::make_message(done));
  deliver(command_of(command_kind::update), "corr-7");
  BOOST_TEST(reply("corr-7") == done.response);
  BOOST_TEST(registry->asked.empty()); // not applied again
  BOOST_TEST(reader->asked.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_update_whose_key_is_pending_or_reused_is_not_run) {
  persistence::idempotency_claim pending;
  pending.state = persistence::claim_state::in_progress;
  reader->answers.emplace_back(caf::make_message(pending));
  deliver(command_of(command_kind::update), "corr-8");
  BOOST_TEST(error_code(reply("corr-8")) == "timeout");

  persistence::idempotency_claim other;
  other.state = persistence::claim_state::mismatch;
  reader->answers.emplace_back(caf::make_message(other));
  deliver(command_of(command_kind::update), "corr-9");
  BOOST_TEST(error_code(reply("corr-9")) == "idempotency_conflict");
  BOOST_TEST(registry->asked.empty());
}

BOOST_AUTO_TEST_CASE(a_failed_update_frees_its_key_unless_it_is_in_doubt) {
  // Refused: nothing applied, so the key is released for a new copy.
  reader->answers.emplace_back(caf::make_message(claimed()));
  registry->answers.emplace_back(make_error(ec::unknown_ledger, "gone"));
  reader->answers.emplace_back(caf::make_message(true));
  deliver(command_of(command_kind::update), "corr-1");
  BOOST_TEST(reply("corr-1") ==
             encoded(messaging::command_error{"unknown_ledger", "gone"}));
  BOOST_REQUIRE_EQUAL(reader->asked.size(), 2u);
  BOOST_TEST(reader->asked[1].get_as<claim_settle>(0).release);

  // In doubt (the commit went unanswered): the key stays pending.
  reader->asked.clear();
  reader->answers.emplace_back(caf::make_message(claimed()));
  registry->answers.emplace_back(
    make_error(ec::outcome_unknown, "COMMIT unanswered"));
  deliver(command_of(command_kind::update), "corr-2");
  BOOST_TEST(error_code(reply("corr-2")) == "timeout");
  BOOST_TEST(reader->asked.size() == 1u); // claimed, never settled
}

BOOST_AUTO_TEST_CASE(an_update_without_a_correlation_id_runs_without_a_key) {
  report_result applied{true, {}};
  registry->answers.emplace_back(caf::make_message(applied));
  deliver(messaging::encode_command(command_of(command_kind::update)), "");
  BOOST_TEST(reply("") == encoded(applied));
  BOOST_TEST(reader->asked.empty());
}

// The default exchange reaches the commands queue too (by its name), and
// workers may publish there (their replies): such a message is refused.
BOOST_AUTO_TEST_CASE(a_command_not_from_the_commands_exchange_is_refused) {
  auto body = messaging::encode_command(command_of(command_kind::remove));
  caf::anon_send(handler, atom::command::value,
                 command_delivery{body, reply_queue, "sneaky", 1, 0, false});
  actors.run();
  BOOST_TEST(error_code(reply("sneaky")) == "forbidden");
  BOOST_TEST(registry->asked.empty());
}

// Several nodes (docs/scale-out.md): a command for a ledger whose shard
// another node holds is carried out by that node, through the forwarder.
BOOST_AUTO_TEST_CASE(a_command_for_another_nodes_ledger_goes_to_its_owner) {
  registry->answers.emplace_back(
    make_error(ec::not_owner, "ledger a belongs to engine shard 3"));
  owner->answers.emplace_back(caf::make_message(view_of("a")));
  deliver(command_of(command_kind::stop));
  BOOST_TEST(reply() == encoded(messaging::ledger_reply{view_of("a"), {}}));
  BOOST_REQUIRE(owner->asked.size() == 1u);
  BOOST_TEST((owner->asked.back().match_elements<atom::stop, std::string>()));

  // The owner's failure is the answer, in its own words.
  registry->answers.emplace_back(make_error(ec::not_owner, "elsewhere"));
  owner->answers.emplace_back(make_error(ec::invalid_transition, "stopped"));
  deliver(command_of(command_kind::stop), "c2");
  BOOST_TEST(error_code(reply("c2")) == "invalid_transition");

  // Other failures are not forwarded.
  registry->answers.emplace_back(make_error(ec::unknown_ledger, "no a"));
  deliver(command_of(command_kind::start), "c3");
  BOOST_TEST(error_code(reply("c3")) == "unknown_ledger");
  BOOST_TEST(owner->asked.size() == 2u);
}

// An update is claimed under its correlation id on the node the client
// reached; the owner applies it and that node settles the key.
BOOST_AUTO_TEST_CASE(an_update_for_another_nodes_ledger_is_claimed_here) {
  report_result applied{true, {}};
  reader->answers.emplace_back(caf::make_message(claimed()));
  registry->answers.emplace_back(make_error(ec::not_owner, "elsewhere"));
  owner->answers.emplace_back(caf::make_message(applied));
  reader->answers.emplace_back(caf::make_message(true)); // settled
  deliver(command_of(command_kind::update), "u1");
  BOOST_TEST(reply("u1") == encoded(applied));
  BOOST_TEST(reader->asked.size() == 2u);
  BOOST_REQUIRE(owner->asked.size() == 1u);
  BOOST_TEST((owner->asked.back()
                .match_elements<atom::report, std::string, report_request>()));
}

// A command another node forwarded here runs here, without a claim of its
// own (the forwarding node holds the key), and is never forwarded again.
BOOST_AUTO_TEST_CASE(a_forwarded_command_runs_here_or_fails_here) {
  report_result applied{true, {}};
  registry->answers.emplace_back(caf::make_message(applied));
  deliver(messaging::encode_command(command_of(command_kind::update)), "f1",
          true);
  BOOST_TEST(reply("f1") == encoded(applied));
  BOOST_TEST(reader->asked.empty());

  // A forwarded view is the live view only: the forwarding node reads the
  // committed history itself, so nothing is read for it here.
  registry->answers.emplace_back(caf::make_message(view_of("a")));
  deliver(messaging::encode_command(command_of(command_kind::view)), "f3",
          true);
  BOOST_TEST(reply("f3") == encoded(messaging::ledger_reply{view_of("a"), {}}));
  BOOST_TEST(persistence->asked.empty());
  BOOST_TEST(reader->asked.empty());

  registry->answers.emplace_back(make_error(ec::not_owner, "moved on"));
  deliver(messaging::encode_command(command_of(command_kind::stop)), "f2",
          true);
  BOOST_TEST(error_code(reply("f2")) == "not_owner");
  BOOST_TEST(owner->asked.empty());
}

BOOST_AUTO_TEST_CASE(nodes_answers_with_the_live_nodes_and_their_shards) {
  ownership->set_nodes({{1, "n1", "127.0.0.1:8080", {0, 1, 2, 3}},
                        {2, "n2", "127.0.0.1:8081", {4, 5, 6, 7}}});
  messaging::command c;
  c.kind = command_kind::nodes;
  deliver(c);
  std::vector<messaging::engine_node_entry> nodes{
    {"n1", "127.0.0.1:8080", {0, 1, 2, 3}},
    {"n2", "127.0.0.1:8081", {4, 5, 6, 7}}};
  auto body = reply();
  BOOST_TEST(body == encoded(nodes));
  auto decoded = messaging::decode_command_reply(body);
  auto reply = std::get_if<messaging::command_reply>(&decoded);
  BOOST_REQUIRE_MESSAGE(
    reply, (reply ? std::string{} : std::get<std::string>(decoded)));
  auto got = std::get_if<std::vector<messaging::engine_node_entry>>(reply);
  BOOST_REQUIRE(got);
  BOOST_TEST(got->size() == 2u);
  BOOST_TEST(got->back().name == "n2");
  BOOST_TEST(got->back().shards == (std::vector<int>{4, 5, 6, 7}));
  BOOST_TEST(registry->asked.empty());
}

BOOST_AUTO_TEST_SUITE_END()
