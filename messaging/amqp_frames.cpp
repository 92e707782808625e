// The frame loop of amqp_connection: everything the broker sends that is
// not the reply to an RPC (deliveries, confirms, returns, closes) is read
// here, whether the caller is waiting in poll() or for a confirm. This is
// rabbitmq-c's amqp_consume_message plus its AMQP_STATUS_UNEXPECTED_STATE
// branch, written once so both waits share it.

#include "messaging/amqp_impl.hpp"

namespace ledger::messaging {

timeval to_timeval(std::chrono::milliseconds d) {
  if (d.count() < 0)
    d = std::chrono::milliseconds{0};
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((d.count() % 1000) * 1000);
  return tv;
}

namespace {

// Frees a message read with amqp_read_message on every path out.
struct message_guard {
  amqp_message_t& m;
  ~message_guard() { amqp_destroy_message(&m); }
};

std::string close_words(std::uint16_t code, amqp_bytes_t text) {
  return std::to_string(code) + " " + to_string(text);
}

} // namespace

bool amqp_connection::impl::next_frame(amqp_frame_t& frame,
                                       std::chrono::milliseconds timeout) {
  amqp_maybe_release_buffers(state);
  auto tv = to_timeval(timeout);
  int rc = amqp_simple_wait_frame_noblock(state, &frame, &tv);
  if (rc == AMQP_STATUS_TIMEOUT)
    return false;
  if (rc != AMQP_STATUS_OK)
    fail(std::string{"reading from the broker: "} + amqp_error_string2(rc));
  return true;
}

envelope amqp_connection::impl::read_delivery(const amqp_frame_t& frame) {
  auto* d = static_cast<amqp_basic_deliver_t*>(frame.payload.method.decoded);
  envelope e;
  e.delivery_tag = d->delivery_tag;
  e.redelivered = d->redelivered != 0;
  e.exchange = to_string(d->exchange);
  e.routing_key = to_string(d->routing_key);
  e.consumer_tag = to_string(d->consumer_tag);
  e.epoch = epoch;
  amqp_message_t message{};
  auto reply = amqp_read_message(state, frame.channel, &message, 0);
  message_guard guard{message};
  if (reply.reply_type != AMQP_RESPONSE_NORMAL)
    fail("reading a delivery: " + describe(reply));
  auto& p = message.properties;
  if (p._flags & AMQP_BASIC_REPLY_TO_FLAG)
    e.reply_to = to_string(p.reply_to);
  if (p._flags & AMQP_BASIC_CORRELATION_ID_FLAG)
    e.correlation_id = to_string(p.correlation_id);
  if (p._flags & AMQP_BASIC_CONTENT_TYPE_FLAG)
    e.content_type = to_string(p.content_type);
  e.body = to_string(message.body);
  return e;
}

amqp_connection::impl::frame_seen
amqp_connection::impl::handle(const amqp_frame_t& frame) {
  // Heartbeats and stray content frames need nothing from us.
  if (frame.frame_type != AMQP_FRAME_METHOD)
    return {};
  auto* decoded = frame.payload.method.decoded;
  switch (frame.payload.method.id) {
  case AMQP_BASIC_DELIVER_METHOD:
    pending.push_back(read_delivery(frame));
    return {};
  case AMQP_BASIC_ACK_METHOD: {
    auto* m = static_cast<amqp_basic_ack_t*>(decoded);
    if (pipelined)
      confirms.push_back({m->delivery_tag, m->multiple != 0, true});
    return {frame_seen::ack, m->delivery_tag, m->multiple != 0};
  }
  case AMQP_BASIC_NACK_METHOD: {
    auto* m = static_cast<amqp_basic_nack_t*>(decoded);
    if (pipelined)
      confirms.push_back({m->delivery_tag, m->multiple != 0, false});
    return {frame_seen::nack, m->delivery_tag, m->multiple != 0};
  }
  case AMQP_CONNECTION_BLOCKED_METHOD:
    blocked = true;
    return {};
  case AMQP_CONNECTION_UNBLOCKED_METHOD:
    blocked = false;
    return {};
  case AMQP_BASIC_RETURN_METHOD: {
    // The returned message's content follows; read it to stay in step.
    amqp_message_t message{};
    auto reply = amqp_read_message(state, frame.channel, &message, 0);
    message_guard guard{message};
    if (reply.reply_type != AMQP_RESPONSE_NORMAL)
      fail("reading a returned message: " + describe(reply));
    return {frame_seen::returned, 0, false};
  }
  case AMQP_CHANNEL_CLOSE_METHOD: {
    auto* m = static_cast<amqp_channel_close_t*>(decoded);
    auto words = close_words(m->reply_code, m->reply_text);
    amqp_channel_close_ok_t ok{};
    amqp_send_method(state, frame.channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
    fail("the broker closed the channel: " + words);
  }
  case AMQP_CONNECTION_CLOSE_METHOD: {
    auto* m = static_cast<amqp_connection_close_t*>(decoded);
    auto words = close_words(m->reply_code, m->reply_text);
    amqp_connection_close_ok_t ok{};
    amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
    fail("the broker closed the connection: " + words);
  }
  case AMQP_BASIC_CANCEL_METHOD: {
    auto* m = static_cast<amqp_basic_cancel_t*>(decoded);
    fail("the broker cancelled consumer " + to_string(m->consumer_tag) +
         " (its queue was deleted?)");
  }
  default:
    return {};
  }
}

} // namespace ledger::messaging
