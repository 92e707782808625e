// How the command handler fails and when it lets a command go: an error of
// the registry is answered with its code and sentence (CAF's own errors as
// "engine_error"), a registry that never answers is given up after exactly
// 10 s, and a command's delivery is acked only once its reply is out (a
// command without reply_to is acked alone), so an unanswered command comes
// back when the engine's connection goes.

#include "actors/errors.hpp"
#include "tests/actors/command_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;
using messaging::command_kind;

BOOST_FIXTURE_TEST_SUITE(command_handler_failures, command_fixture)

BOOST_AUTO_TEST_CASE(registry_errors_are_answered_with_their_codes) {
  struct expected {
    caf::error error;
    std::string code, message;
  };
  std::vector<expected> cases{
    {make_error(ec::unknown_ledger, "no ledger named a"), "unknown_ledger",
     "no ledger named a"},
    {make_error(ec::invalid_transition, "a has finished"), "invalid_transition",
     "a has finished"},
    // The holdings after the sentence stay inside the engine.
    {make_error(ec::holding_mismatch, "the holdings would differ",
                caf::make_message(holdings{{"AAPL", 1}})),
     "holding_mismatch", "the holdings would differ"},
    {caf::make_error(caf::sec::runtime_error), "engine_error", "runtime_error"},
  };
  for (auto& c : cases) {
    BOOST_TEST_CONTEXT(c.code) {
      registry->answers.emplace_back(c.error);
      deliver(command_of(command_kind::start));
      BOOST_TEST(reply() ==
                 encoded(messaging::command_error{c.code, c.message}));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_registry_that_never_answers_is_given_up_after_10_s) {
  deliver(command_of(command_kind::stop));
  actors.advance(9990ms);
  BOOST_TEST(drain(client, 200ms).empty());
  actors.advance(10ms);
  BOOST_TEST(reply() ==
             encoded(messaging::command_error{
               "timeout", "the engine did not answer within 10 s; the command "
                          "may still take effect: view the ledger before "
                          "sending it again"}));
}

BOOST_AUTO_TEST_CASE(a_delivery_is_acked_only_with_its_reply) {
  auto& topo = broker.scratch.topo;
  // Three commands through the link: one answered to its reply_to, one
  // answered without a reply_to, and one the registry never answers.
  std::vector<std::pair<std::string, std::string>> commands{
    {"a", reply_queue}, {"b", ""}, {"c", reply_queue}};
  for (auto& [name, reply_to] : commands) {
    messaging::publish_options o;
    o.reply_to = reply_to;
    o.correlation_id = name;
    auto body =
      messaging::encode_command(command_of(command_kind::start, name));
    BOOST_REQUIRE(
      (broker.scratch.admin.publish_confirmed(
         topo.commands_exchange(), std::string{messaging::command_routing_key},
         body, o) == messaging::publish_result::confirmed));
  }
  registry->answers.emplace_back(caf::make_message(view_of("a")));
  registry->answers.emplace_back(caf::make_message(view_of("b")));
  for (int i = 0; i < 3; ++i) {
    // Handed over as broker_wiring does.
    auto e = broker.commands.next();
    BOOST_REQUIRE(e);
    BOOST_TEST(e->epoch == 1u);
    caf::anon_send(handler, atom::command::value,
                   command_delivery{e->body, e->reply_to, e->correlation_id,
                                    e->delivery_tag, e->epoch});
    actors.run();
  }
  BOOST_TEST(reply("a") == encoded(messaging::ledger_reply{view_of("a"), {}}));
  // Stopping waits for the confirms (and their acks), then closes: what
  // was not acked goes back to the queue.
  broker.link->stop();
  auto consumer = connected();
  consumer.consume(topo.commands_queue(), 16);
  auto back = drain(consumer, 500ms);
  BOOST_REQUIRE_EQUAL(back.size(), 1u);
  BOOST_TEST(back[0].correlation_id == "c");
  BOOST_TEST(back[0].redelivered);
  BOOST_TEST(drain(client, 200ms).empty());
}

BOOST_AUTO_TEST_SUITE_END()
