// Confirmed publishing, bounded prefetch, acks, redelivery and a
// request/reply round trip, against the real broker.

#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "messaging/codec_quote.hpp"
#include "tests/amqp/amqp_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::messaging;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

const std::string command_key{command_routing_key};

publish_result send(amqp_connection& c, const topology& t,
                    const std::string& body, const publish_options& o = {}) {
  return c.publish_confirmed(t.commands_exchange(), command_key, body, o);
}

} // namespace

BOOST_AUTO_TEST_SUITE(amqp_publish_consume)

BOOST_AUTO_TEST_CASE(prefetch_bounds_unacked_deliveries) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  publish_options o;
  o.reply_to = "some.queue";
  o.correlation_id = "corr-1";
  for (int i = 1; i <= 3; ++i)
    BOOST_TEST((send(scratch.admin, t, "m" + std::to_string(i), o) ==
                publish_result::confirmed));

  auto consumer = connected();
  auto tag = consumer.consume(t.commands_queue(), 1);
  BOOST_TEST(!tag.empty());
  auto first = expect_delivery(consumer);
  BOOST_TEST(first.body == "m1");
  BOOST_TEST(first.reply_to == "some.queue");
  BOOST_TEST(first.correlation_id == "corr-1");
  BOOST_TEST(first.content_type == "application/json");
  BOOST_TEST(first.consumer_tag == tag);
  BOOST_TEST(first.routing_key == command_key);
  BOOST_TEST(!first.redelivered);
  // Prefetch 1: nothing more until the first is acked.
  BOOST_TEST(!consumer.poll(300ms).has_value());
  BOOST_TEST(consumer.ack(first));
  BOOST_TEST(expect_delivery(consumer).body == "m2");
}

BOOST_AUTO_TEST_CASE(unacked_delivery_is_redelivered_after_close) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  BOOST_TEST((send(scratch.admin, t, "once") == publish_result::confirmed));
  {
    auto consumer = connected();
    consumer.consume(t.commands_queue(), 5);
    auto e = expect_delivery(consumer);
    BOOST_TEST(e.body == "once");
    BOOST_TEST(!e.redelivered);
    // The consumer's connection closes without an ack.
  }
  auto second = connected();
  second.consume(t.commands_queue(), 5);
  auto again = expect_delivery(second);
  BOOST_TEST(again.body == "once");
  BOOST_TEST(again.redelivered);
  BOOST_TEST(second.ack(again));
  second.close();
  auto third = connected();
  third.consume(t.commands_queue(), 5);
  BOOST_TEST(drain(third).empty());
}

BOOST_AUTO_TEST_CASE(reject_requeues_or_drops) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  BOOST_TEST((send(scratch.admin, t, "poison") == publish_result::confirmed));
  auto c = connected();
  c.consume(t.commands_queue(), 5);
  auto e = expect_delivery(c);
  BOOST_TEST(c.reject(e, true));
  auto again = expect_delivery(c);
  BOOST_TEST(again.body == "poison");
  BOOST_TEST(again.redelivered);
  BOOST_TEST(c.reject(again, false));
  BOOST_TEST(drain(c).empty());
}

// Acking a delivery of an earlier connection is skipped (it was requeued
// when that connection closed), and the new connection stays healthy.
BOOST_AUTO_TEST_CASE(stale_acks_are_skipped) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  BOOST_TEST((send(scratch.admin, t, "x") == publish_result::confirmed));
  auto c = connected();
  c.consume(t.commands_queue(), 5);
  auto old = expect_delivery(c);
  c.connect(amqp_url());
  BOOST_TEST(!c.ack(old));
  BOOST_TEST(c.is_open());
  c.consume(t.commands_queue(), 5);
  auto fresh = expect_delivery(c);
  BOOST_TEST(fresh.redelivered);
  BOOST_TEST(c.ack(fresh));
  BOOST_TEST(drain(c).empty());
  BOOST_TEST(c.is_open());
}

// Deliveries that arrive while publish_confirmed waits for its ack are kept
// for poll, in order.
BOOST_AUTO_TEST_CASE(deliveries_during_confirm_waits_are_kept) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  auto c = connected();
  c.consume(t.commands_queue(), 100);
  for (int i = 0; i < 20; ++i)
    BOOST_TEST((send(c, t, std::to_string(i)) == publish_result::confirmed));
  for (int i = 0; i < 20; ++i) {
    auto e = expect_delivery(c);
    BOOST_TEST(e.body == std::to_string(i));
    c.ack(e);
  }
}

// ledgerctl's side and ledgerd's side of a command, with the codecs.
BOOST_AUTO_TEST_CASE(request_reply_round_trip) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  auto server = connected();
  server.consume(t.commands_queue(), 16);

  auto client = connected();
  auto reply_queue = client.declare_reply_queue();
  BOOST_TEST(reply_queue.rfind("amq.gen-", 0) == 0u);
  client.consume(reply_queue, 16);

  command view;
  view.kind = command_kind::view;
  view.name = "nobody";
  publish_options request;
  request.reply_to = reply_queue;
  request.correlation_id = "ctl-7f3a";
  BOOST_TEST((client.publish_confirmed(t.commands_exchange(), command_key,
                                       encode_command(view),
                                       request) == publish_result::confirmed));

  auto in = expect_delivery(server);
  auto decoded_command = decode_command(in.body);
  BOOST_REQUIRE(std::holds_alternative<command>(decoded_command));
  BOOST_TEST(std::get<command>(decoded_command).name == "nobody");
  publish_options answer;
  answer.persistent = false;
  answer.correlation_id = in.correlation_id;
  auto reply = encode_command_reply(
    command_error{"unknown_ledger", "no ledger named nobody"});
  BOOST_TEST((server.publish_confirmed("", in.reply_to, reply, answer) ==
              publish_result::confirmed));
  BOOST_TEST(server.ack(in));

  auto out = expect_delivery(client);
  BOOST_TEST(out.correlation_id == "ctl-7f3a");
  BOOST_TEST(out.routing_key == reply_queue);
  auto decoded_reply = decode_command_reply(out.body);
  BOOST_REQUIRE(std::holds_alternative<command_reply>(decoded_reply));
  auto& r = std::get<command_reply>(decoded_reply);
  BOOST_TEST(std::get<command_error>(r).code == "unknown_ledger");
  BOOST_TEST(client.ack(out));

  // The reply queue is exclusive to the client's connection.
  auto stranger = connected();
  BOOST_CHECK_THROW(stranger.consume(reply_queue, 1), amqp_error);
}

// Unconfirmed publishing, as the feed does: quotes by ticker on the topic
// exchange reach a queue bound to that ticker only.
BOOST_AUTO_TEST_CASE(unconfirmed_quotes_by_ticker) {
  scratch_topology scratch;
  auto& t = scratch.topo;
  auto engine = connected();
  auto q = engine.declare_reply_queue();
  engine.bind_queue(q, t.quotes_exchange(), "AAPL");
  engine.bind_queue(q, t.quotes_exchange(), "MSFT");
  engine.consume(q, 500);

  auto feed = connected();
  publish_options fast;
  fast.persistent = false;
  const auto time = timestamp{std::chrono::seconds{1'267'401'600}};
  for (int i = 1; i <= 200; ++i) {
    for (const char* ticker : {"AAPL", "MSFT", "GOOG"}) {
      quote qt{ticker, *price::from_micros(i * 1'000'000), time};
      feed.publish(t.quotes_exchange(), ticker, encode_quote(qt), fast);
    }
  }
  int aapl = 0, msft = 0;
  std::int64_t last_aapl = 0;
  while (aapl + msft < 400) {
    auto e = expect_delivery(engine);
    auto d = decode_quote(e.body);
    BOOST_REQUIRE(std::holds_alternative<quote>(d));
    auto& qt = std::get<quote>(d);
    BOOST_TEST(qt.ticker == e.routing_key);
    if (qt.ticker == "AAPL") {
      ++aapl;
      BOOST_TEST(qt.price.micros() > last_aapl); // in order
      last_aapl = qt.price.micros();
    } else {
      ++msft;
    }
    engine.ack(e);
  }
  BOOST_TEST(aapl == 200);
  BOOST_TEST(msft == 200);
  BOOST_TEST(drain(engine).empty()); // no GOOG
  engine.unbind_queue(q, t.quotes_exchange(), "MSFT");
  feed.publish(t.quotes_exchange(), "MSFT",
               encode_quote({"MSFT", *price::from_micros(1), time}), fast);
  BOOST_TEST(drain(engine).empty());
}

BOOST_AUTO_TEST_SUITE_END()
