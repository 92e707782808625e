#include "messaging/amqp_connection.hpp"

#include "messaging/amqp_impl.hpp"
#include "messaging/amqp_url.hpp"

#include <amqp_tcp_socket.h>

#include <algorithm>
#include <string.h>

namespace ledger::messaging {

namespace {

const char* type_name(exchange_type t) {
  switch (t) {
  case exchange_type::topic:
    return "topic";
  case exchange_type::fanout:
    return "fanout";
  case exchange_type::consistent_hash:
    return "x-consistent-hash";
  default:
    return "direct";
  }
}

} // namespace

amqp_bytes_t as_bytes(std::string_view s) {
  amqp_bytes_t b;
  b.len = s.size();
  b.bytes = const_cast<char*>(s.data());
  return b;
}

std::string to_string(amqp_bytes_t b) {
  return b.len == 0 ? std::string{}
                    : std::string{static_cast<const char*>(b.bytes), b.len};
}

std::string describe(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
  case AMQP_RESPONSE_NORMAL:
    return "ok";
  case AMQP_RESPONSE_NONE:
    return "no reply from the broker";
  case AMQP_RESPONSE_LIBRARY_EXCEPTION:
    return amqp_error_string2(reply.library_error);
  case AMQP_RESPONSE_SERVER_EXCEPTION:
    if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
      auto* m = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
      return "the broker closed the connection: " +
             std::to_string(m->reply_code) + " " + to_string(m->reply_text);
    }
    if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
      auto* m = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
      return "the broker closed the channel: " + std::to_string(m->reply_code) +
             " " + to_string(m->reply_text);
    }
    return "unexpected method " + std::to_string(reply.reply.id) +
           " from the broker";
  }
  return "unknown reply";
}

// ------------------------------------------------------------------ impl

void amqp_connection::impl::close() noexcept {
  if (!state)
    return;
  if (!broken) {
    // Polite close, bounded by the RPC timeout; failures do not matter.
    amqp_channel_close(state, fast_channel, AMQP_REPLY_SUCCESS);
    amqp_channel_close(state, main_channel, AMQP_REPLY_SUCCESS);
    amqp_connection_close(state, AMQP_REPLY_SUCCESS);
  }
  amqp_destroy_connection(state);
  state = nullptr;
  broken = false;
  published = 0;
  pending.clear();
  pipelined = false;
  confirms.clear();
  blocked = false;
}

void amqp_connection::impl::fail(const std::string& what) {
  broken = true;
  throw amqp_error{"AMQP " + where + ": " + what};
}

void amqp_connection::impl::require_open() const {
  if (!state || broken)
    throw amqp_error{"AMQP " +
                     (where.empty() ? std::string{"connection"} : where) +
                     ": not connected"};
}

void amqp_connection::impl::check_rpc(const char* doing) {
  auto reply = amqp_get_rpc_reply(state);
  if (reply.reply_type == AMQP_RESPONSE_NORMAL)
    return;
  auto words = describe(reply);
  if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION) {
    // Answer the close so the broker is not left waiting; the connection
    // is given up either way.
    if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
      amqp_channel_close_ok_t ok{};
      amqp_send_method(state, main_channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
    } else if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
      amqp_connection_close_ok_t ok{};
      amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
    }
  }
  fail(std::string{doing} + ": " + words);
}

void amqp_connection::impl::check_status(int status, const char* doing) {
  if (status != AMQP_STATUS_OK)
    fail(std::string{doing} + ": " + amqp_error_string2(status));
}

void amqp_connection::impl::send_publish(amqp_channel_t channel,
                                         const std::string& exchange,
                                         const std::string& routing_key,
                                         std::string_view body,
                                         const publish_options& o,
                                         bool mandatory) {
  amqp_basic_properties_t p{};
  p._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
  p.delivery_mode =
    o.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT;
  // A text property goes out only when set: an empty one is absent.
  auto set_text = [&p](amqp_flags_t flag, amqp_bytes_t& property,
                       const std::string& value) {
    if (value.empty())
      return;
    p._flags |= flag;
    property = as_bytes(value);
  };
  set_text(AMQP_BASIC_CONTENT_TYPE_FLAG, p.content_type, o.content_type);
  set_text(AMQP_BASIC_REPLY_TO_FLAG, p.reply_to, o.reply_to);
  set_text(AMQP_BASIC_CORRELATION_ID_FLAG, p.correlation_id, o.correlation_id);
  set_text(AMQP_BASIC_EXPIRATION_FLAG, p.expiration, o.expiration);
  int rc = amqp_basic_publish(state, channel, as_bytes(exchange),
                              as_bytes(routing_key), mandatory ? 1 : 0, 0, &p,
                              as_bytes(body));
  check_status(rc, "publishing");
}

// ------------------------------------------------------------ connection

amqp_connection::amqp_connection() : impl_(std::make_unique<impl>()) {}
amqp_connection::~amqp_connection() = default;
amqp_connection::amqp_connection(amqp_connection&&) noexcept = default;
amqp_connection&
amqp_connection::operator=(amqp_connection&&) noexcept = default;

void amqp_connection::connect(std::string_view url,
                              const connect_options& options) {
  close();
  auto parsed = parse_amqp_url(url);
  if (auto why = std::get_if<std::string>(&parsed))
    throw amqp_error{"AMQP: " + *why};
  auto& u = std::get<amqp_url>(parsed);
  auto& d = *impl_;
  d.where = u.redacted();
  d.broken = false;

  d.state = amqp_new_connection();
  if (!d.state)
    d.fail("out of memory");
  // From here on a throw must leave no half-open connection behind.
  struct on_failure {
    impl& d;
    std::string& password;
    bool armed = true;
    ~on_failure() {
      explicit_bzero(password.data(), password.size());
      if (armed) {
        d.broken = true;
        d.close();
      }
    }
  } guard{d, u.password};

  auto* socket = amqp_tcp_socket_new(d.state);
  if (!socket)
    d.fail("cannot create a TCP socket");
  auto tv = to_timeval(options.timeout);
  amqp_set_handshake_timeout(d.state, &tv);
  amqp_set_rpc_timeout(d.state, &tv);
  int rc = amqp_socket_open_noblock(socket, u.host.c_str(), u.port, &tv);
  if (rc != AMQP_STATUS_OK)
    d.fail(std::string{"cannot reach the broker: "} + amqp_error_string2(rc));

  // Ask for basic.cancel when a consumed queue is deleted and for
  // connection.blocked during a broker alarm, and name the connection for
  // the management tools.
  amqp_table_entry_t capability[2];
  capability[0].key = amqp_cstring_bytes("consumer_cancel_notify");
  capability[0].value.kind = AMQP_FIELD_KIND_BOOLEAN;
  capability[0].value.value.boolean = 1;
  capability[1].key = amqp_cstring_bytes("connection.blocked");
  capability[1].value.kind = AMQP_FIELD_KIND_BOOLEAN;
  capability[1].value.value.boolean = 1;
  amqp_table_entry_t props[2];
  props[0].key = amqp_cstring_bytes("capabilities");
  props[0].value.kind = AMQP_FIELD_KIND_TABLE;
  props[0].value.value.table.num_entries = 2;
  props[0].value.value.table.entries = capability;
  props[1].key = amqp_cstring_bytes("connection_name");
  props[1].value.kind = AMQP_FIELD_KIND_UTF8;
  props[1].value.value.bytes = as_bytes(options.name);
  amqp_table_t client_properties{2, props};

  auto heartbeat = static_cast<int>(
    std::clamp<std::int64_t>(options.heartbeat.count(), 0, 65535));
  auto login = amqp_login_with_properties(
    d.state, u.vhost.c_str(), 0, AMQP_DEFAULT_FRAME_SIZE, heartbeat,
    &client_properties, AMQP_SASL_METHOD_PLAIN, u.user.c_str(),
    u.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL)
    d.fail("login as " + u.user + " failed: " + describe(login));

  amqp_channel_open(d.state, main_channel);
  d.check_rpc("opening a channel");
  amqp_confirm_select(d.state, main_channel);
  d.check_rpc("enabling publisher confirms");
  amqp_channel_open(d.state, fast_channel);
  d.check_rpc("opening a channel");

  guard.armed = false;
  d.published = 0;
  ++d.epoch;
}

void amqp_connection::close() noexcept {
  if (impl_)
    impl_->close();
}

bool amqp_connection::is_open() const {
  return impl_ && impl_->state && !impl_->broken;
}

std::uint64_t amqp_connection::epoch() const {
  return impl_ ? impl_->epoch : 0;
}

const std::string& amqp_connection::redacted_url() const {
  return impl_->where;
}

void amqp_connection::declare_exchange(const std::string& name,
                                       exchange_type type,
                                       const exchange_options& o) {
  impl_->require_open();
  amqp_exchange_declare(impl_->state, main_channel, as_bytes(name),
                        amqp_cstring_bytes(type_name(type)), 0,
                        o.durable ? 1 : 0, o.auto_delete ? 1 : 0, 0,
                        amqp_empty_table);
  impl_->check_rpc(("declaring exchange " + name).c_str());
}

std::string amqp_connection::declare_queue(const std::string& name,
                                           const queue_options& o) {
  impl_->require_open();
  amqp_table_entry_t args[2];
  int n = 0;
  if (o.single_active_consumer) {
    args[n].key = amqp_cstring_bytes("x-single-active-consumer");
    args[n].value.kind = AMQP_FIELD_KIND_BOOLEAN;
    args[n].value.value.boolean = 1;
    ++n;
  }
  if (o.expires) {
    args[n].key = amqp_cstring_bytes("x-expires");
    args[n].value.kind = AMQP_FIELD_KIND_I64;
    args[n].value.value.i64 = o.expires->count();
    ++n;
  }
  amqp_table_t table{n, args};
  auto* ok = amqp_queue_declare(impl_->state, main_channel, as_bytes(name), 0,
                                o.durable ? 1 : 0, o.exclusive ? 1 : 0,
                                o.auto_delete ? 1 : 0, table);
  impl_->check_rpc(("declaring queue " + name).c_str());
  return to_string(ok->queue);
}

std::string amqp_connection::declare_reply_queue() {
  queue_options o;
  o.durable = false;
  o.exclusive = true;
  o.auto_delete = true;
  return declare_queue("", o);
}

void amqp_connection::bind_queue(const std::string& queue,
                                 const std::string& exchange,
                                 const std::string& routing_key) {
  impl_->require_open();
  amqp_queue_bind(impl_->state, main_channel, as_bytes(queue),
                  as_bytes(exchange), as_bytes(routing_key), amqp_empty_table);
  impl_->check_rpc(("binding queue " + queue + " to " + exchange).c_str());
}

void amqp_connection::unbind_queue(const std::string& queue,
                                   const std::string& exchange,
                                   const std::string& routing_key) {
  impl_->require_open();
  amqp_queue_unbind(impl_->state, main_channel, as_bytes(queue),
                    as_bytes(exchange), as_bytes(routing_key),
                    amqp_empty_table);
  impl_->check_rpc(("unbinding queue " + queue + " from " + exchange).c_str());
}

void amqp_connection::delete_queue(const std::string& name) {
  impl_->require_open();
  amqp_queue_delete(impl_->state, main_channel, as_bytes(name), 0, 0);
  impl_->check_rpc(("deleting queue " + name).c_str());
}

void amqp_connection::delete_exchange(const std::string& name) {
  impl_->require_open();
  amqp_exchange_delete(impl_->state, main_channel, as_bytes(name), 0);
  impl_->check_rpc(("deleting exchange " + name).c_str());
}

void amqp_connection::publish(const std::string& exchange,
                              const std::string& routing_key,
                              std::string_view body,
                              const publish_options& options) {
  auto& d = *impl_;
  d.require_open();
  d.send_publish(fast_channel, exchange, routing_key, body, options, false);
  // rabbitmq-c reads (and queues) incoming frames while publishing when a
  // heartbeat is due. A publish-only program would pile them up: handle
  // what is already here, without waiting.
  while (amqp_frames_enqueued(d.state) || amqp_data_in_buffer(d.state)) {
    amqp_frame_t frame;
    if (!d.next_frame(frame, std::chrono::milliseconds{0}))
      break;
    d.handle(frame);
  }
}

publish_result amqp_connection::publish_confirmed(
  const std::string& exchange, const std::string& routing_key,
  std::string_view body, const publish_options& options,
  std::chrono::milliseconds timeout) {
  auto& d = *impl_;
  d.require_open();
  d.send_publish(main_channel, exchange, routing_key, body, options,
                 options.mandatory);
  // In confirm mode the broker numbers publishes 1, 2, ... per channel.
  const auto tag = ++d.published;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool returned = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    amqp_frame_t frame;
    if (!d.next_frame(frame, std::max(left, std::chrono::milliseconds{0})))
      return publish_result::timed_out;
    auto seen = d.handle(frame);
    if (seen.kind == impl::frame_seen::returned) {
      // basic.return comes before the ack of the same message.
      returned = true;
      continue;
    }
    if (seen.kind != impl::frame_seen::ack &&
        seen.kind != impl::frame_seen::nack)
      continue;
    bool ours =
      seen.delivery_tag == tag || (seen.multiple && seen.delivery_tag >= tag);
    if (!ours) {
      // A late confirm of an earlier, timed-out publish: any return seen
      // so far was that message's.
      returned = false;
      continue;
    }
    if (seen.kind == impl::frame_seen::nack)
      return publish_result::nacked;
    return returned ? publish_result::unroutable : publish_result::confirmed;
  }
}

std::string amqp_connection::consume(const std::string& queue,
                                     std::uint16_t prefetch, bool exclusive) {
  auto& d = *impl_;
  d.require_open();
  amqp_basic_qos(d.state, main_channel, 0, std::max<std::uint16_t>(prefetch, 1),
                 0);
  d.check_rpc("setting the prefetch");
  auto* ok =
    amqp_basic_consume(d.state, main_channel, as_bytes(queue), amqp_empty_bytes,
                       0, 0, exclusive ? 1 : 0, amqp_empty_table);
  d.check_rpc(("consuming queue " + queue).c_str());
  return to_string(ok->consumer_tag);
}

void amqp_connection::cancel(const std::string& consumer_tag) {
  auto& d = *impl_;
  d.require_open();
  amqp_basic_cancel(d.state, main_channel, as_bytes(consumer_tag));
  d.check_rpc(("cancelling consumer " + consumer_tag).c_str());
}

std::string amqp_connection::consume_unacked(const std::string& queue) {
  auto& d = *impl_;
  d.require_open();
  auto* ok = amqp_basic_consume(d.state, main_channel, as_bytes(queue),
                                amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
  d.check_rpc(("consuming queue " + queue).c_str());
  return to_string(ok->consumer_tag);
}

std::string amqp_connection::consume_direct_replies() {
  auto& d = *impl_;
  d.require_open();
  // On the channel publish() uses: direct reply-to answers the channel
  // that published the request, which must consume first (without acks).
  auto* ok = amqp_basic_consume(d.state, fast_channel,
                                amqp_cstring_bytes(direct_reply_to),
                                amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
  d.check_rpc("consuming direct replies");
  return to_string(ok->consumer_tag);
}

std::optional<envelope>
amqp_connection::poll(std::chrono::milliseconds timeout) {
  auto& d = *impl_;
  d.require_open();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (d.pending.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    amqp_frame_t frame;
    if (!d.next_frame(frame, std::max(left, std::chrono::milliseconds{0})))
      return std::nullopt;
    d.handle(frame); // confirms seen here are late ones: nobody waits
  }
  auto e = std::move(d.pending.front());
  d.pending.pop_front();
  return e;
}

bool amqp_connection::ack(const envelope& delivery) {
  return ack(delivery.delivery_tag, delivery.epoch);
}

bool amqp_connection::ack(std::uint64_t delivery_tag, std::uint64_t epoch) {
  auto& d = *impl_;
  d.require_open();
  if (epoch != d.epoch)
    return false;
  d.check_status(amqp_basic_ack(d.state, main_channel, delivery_tag, 0),
                 "acknowledging a delivery");
  return true;
}

bool amqp_connection::ack_through(const envelope& delivery) {
  auto& d = *impl_;
  d.require_open();
  if (delivery.epoch != d.epoch)
    return false;
  d.check_status(
    amqp_basic_ack(d.state, main_channel, delivery.delivery_tag, 1),
    "acknowledging deliveries");
  return true;
}

bool amqp_connection::reject(const envelope& delivery, bool requeue) {
  return reject(delivery.delivery_tag, delivery.epoch, requeue);
}

bool amqp_connection::reject(std::uint64_t delivery_tag, std::uint64_t epoch,
                             bool requeue) {
  auto& d = *impl_;
  d.require_open();
  if (epoch != d.epoch)
    return false;
  d.check_status(
    amqp_basic_reject(d.state, main_channel, delivery_tag, requeue ? 1 : 0),
    "rejecting a delivery");
  return true;
}

} // namespace ledger::messaging
