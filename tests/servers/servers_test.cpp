// Integration tests against the real PostgreSQL and RabbitMQ started by
// deploy/services.sh. The URLs come from the environment:
//   eval "$(deploy/services.sh env)"
// An unset URL fails the test: it never passes silently. No message ever
// prints a password.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <random>
#include <sstream>
#include <string>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

namespace {

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  BOOST_REQUIRE_MESSAGE(value != nullptr && *value != '\0',
                        name << " is not set: start the servers with "
                                "`deploy/services.sh up` and then run "
                                "`eval \"$(deploy/services.sh env)\"`");
  return value;
}

// The password of scheme://user:password@host/..., or "" when it has none.
std::string url_password(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return {};
  }
  const auto start = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", start);
  const auto at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < start) {
    return {};
  }
  const auto colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) {
    return {};
  }
  return url.substr(colon + 1, at - colon - 1);
}

// The text with every occurrence of each secret replaced by "***".
std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) {
      continue;
    }
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

std::string unique_body() {
  std::random_device random;
  std::ostringstream body;
  body << "ledger servers_test pid " << ::getpid() << " at "
       << std::chrono::steady_clock::now().time_since_epoch().count()
       << " nonce " << random() << random();
  return body.str();
}

std::string to_string(amqp_bytes_t bytes) {
  return std::string(static_cast<const char*>(bytes.bytes), bytes.len);
}

// What went wrong in an RPC reply, in words (never contains credentials).
std::string describe(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
  case AMQP_RESPONSE_NORMAL:
    return "ok";
  case AMQP_RESPONSE_NONE:
    return "no RPC reply";
  case AMQP_RESPONSE_LIBRARY_EXCEPTION:
    return std::string("library error: ") +
           amqp_error_string2(reply.library_error);
  case AMQP_RESPONSE_SERVER_EXCEPTION: {
    std::ostringstream text;
    if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
      const auto* close =
        static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
      text << "server closed the connection: " << close->reply_code << " "
           << to_string(close->reply_text);
    } else if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
      const auto* close =
        static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
      text << "server closed the channel: " << close->reply_code << " "
           << to_string(close->reply_text);
    } else {
      text << "server error, method id 0x" << std::hex << reply.reply.id;
    }
    return text.str();
  }
  }
  return "unknown reply type";
}

constexpr amqp_channel_t test_channel = 1;

// Owns a connection: on an early test failure it still closes what was
// opened and frees the connection.
class amqp_guard {
public:
  amqp_guard() : state_(amqp_new_connection()) {}
  ~amqp_guard() {
    if (channel_open_) {
      amqp_channel_close(state_, test_channel, AMQP_REPLY_SUCCESS);
    }
    if (logged_in_) {
      amqp_connection_close(state_, AMQP_REPLY_SUCCESS);
    }
    if (state_ != nullptr) {
      amqp_destroy_connection(state_);
    }
  }
  amqp_guard(const amqp_guard&) = delete;
  amqp_guard& operator=(const amqp_guard&) = delete;

  amqp_connection_state_t get() const { return state_; }
  void set_logged_in(bool value) { logged_in_ = value; }
  void set_channel_open(bool value) { channel_open_ = value; }

private:
  amqp_connection_state_t state_;
  bool logged_in_ = false;
  bool channel_open_ = false;
};

} // namespace

BOOST_AUTO_TEST_CASE(postgres_select_one) {
  const std::string url = required_env("LEDGER_DATABASE_URL");
  const std::vector<std::string> secrets{url_password(url)};
  try {
    pqxx::connection connection{url};
    pqxx::work work{connection};
    const pqxx::row row = work.exec1("SELECT 1");
    BOOST_CHECK_EQUAL(row.size(), 1u);
    BOOST_CHECK_EQUAL(row[0].as<int>(), 1);
    work.commit();
  } catch (const std::exception& error) {
    BOOST_FAIL(
      "PostgreSQL (LEDGER_DATABASE_URL): " << redact(error.what(), secrets));
  }
}

BOOST_AUTO_TEST_CASE(rabbitmq_publish_consume_round_trip) {
  const std::string url = required_env("LEDGER_AMQP_URL");

  // amqp_parse_url writes into its argument and points into it.
  std::vector<char> url_copy(url.begin(), url.end());
  url_copy.push_back('\0');
  amqp_connection_info info;
  amqp_default_connection_info(&info);
  const int parse_status = amqp_parse_url(url_copy.data(), &info);
  BOOST_REQUIRE_MESSAGE(parse_status == AMQP_STATUS_OK,
                        "LEDGER_AMQP_URL is not a valid amqp:// URL: "
                          << amqp_error_string2(parse_status));
  const std::vector<std::string> secrets{url_password(url), info.password};
  const std::string where = std::string(info.user) + "@" + info.host + ":" +
                            std::to_string(info.port) + " vhost '" +
                            info.vhost + "'";

  amqp_guard guard;
  const amqp_connection_state_t conn = guard.get();
  BOOST_REQUIRE_MESSAGE(conn != nullptr, "amqp_new_connection failed");
  amqp_socket_t* socket = amqp_tcp_socket_new(conn);
  BOOST_REQUIRE_MESSAGE(socket != nullptr, "amqp_tcp_socket_new failed");

  timeval connect_timeout{5, 0};
  const int open_status =
    amqp_socket_open_noblock(socket, info.host, info.port, &connect_timeout);
  BOOST_REQUIRE_MESSAGE(open_status == AMQP_STATUS_OK,
                        "cannot connect to "
                          << where << ": " << amqp_error_string2(open_status));
  timeval rpc_timeout{10, 0};
  BOOST_REQUIRE_EQUAL(amqp_set_handshake_timeout(conn, &rpc_timeout),
                      AMQP_STATUS_OK);
  BOOST_REQUIRE_EQUAL(amqp_set_rpc_timeout(conn, &rpc_timeout), AMQP_STATUS_OK);

  const amqp_rpc_reply_t login =
    amqp_login(conn, info.vhost, 0, AMQP_DEFAULT_FRAME_SIZE, 0,
               AMQP_SASL_METHOD_PLAIN, info.user, info.password);
  BOOST_REQUIRE_MESSAGE(
    login.reply_type == AMQP_RESPONSE_NORMAL,
    "login as " << where << " failed: " << redact(describe(login), secrets));
  guard.set_logged_in(true);

  const amqp_channel_t channel = test_channel;
  amqp_channel_open(conn, channel);
  const amqp_rpc_reply_t channel_reply = amqp_get_rpc_reply(conn);
  BOOST_REQUIRE_MESSAGE(channel_reply.reply_type == AMQP_RESPONSE_NORMAL,
                        "channel.open: " << describe(channel_reply));
  guard.set_channel_open(true);

  // Server-named, exclusive, auto-delete: nothing is left behind.
  const amqp_queue_declare_ok_t* declared = amqp_queue_declare(
    conn, channel, amqp_empty_bytes, /*passive=*/0,
    /*durable=*/0, /*exclusive=*/1, /*auto_delete=*/1, amqp_empty_table);
  const amqp_rpc_reply_t declare_reply = amqp_get_rpc_reply(conn);
  BOOST_REQUIRE_MESSAGE(declared != nullptr &&
                          declare_reply.reply_type == AMQP_RESPONSE_NORMAL,
                        "queue.declare: " << describe(declare_reply));
  const std::string queue = to_string(declared->queue);
  BOOST_REQUIRE(!queue.empty());
  BOOST_TEST_MESSAGE("declared queue " << queue);

  const std::string body = unique_body();
  amqp_basic_properties_t properties{};
  properties._flags =
    AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  properties.content_type = amqp_cstring_bytes("text/plain");
  properties.delivery_mode = 1; // transient
  const int publish_status = amqp_basic_publish(
    conn, channel, amqp_empty_bytes, amqp_cstring_bytes(queue.c_str()),
    /*mandatory=*/0, /*immediate=*/0, &properties,
    amqp_cstring_bytes(body.c_str()));
  BOOST_REQUIRE_MESSAGE(
    publish_status == AMQP_STATUS_OK,
    "basic.publish: " << amqp_error_string2(publish_status));

  amqp_basic_consume(conn, channel, amqp_cstring_bytes(queue.c_str()),
                     amqp_empty_bytes, /*no_local=*/0, /*no_ack=*/1,
                     /*exclusive=*/0, amqp_empty_table);
  const amqp_rpc_reply_t consume_reply = amqp_get_rpc_reply(conn);
  BOOST_REQUIRE_MESSAGE(consume_reply.reply_type == AMQP_RESPONSE_NORMAL,
                        "basic.consume: " << describe(consume_reply));

  amqp_maybe_release_buffers(conn);
  amqp_envelope_t envelope;
  timeval consume_timeout{10, 0};
  const amqp_rpc_reply_t delivery =
    amqp_consume_message(conn, &envelope, &consume_timeout, 0);
  BOOST_REQUIRE_MESSAGE(
    delivery.reply_type == AMQP_RESPONSE_NORMAL,
    "no message consumed within 10 s: " << describe(delivery));
  const std::string received = to_string(envelope.message.body);
  const std::string routing_key = to_string(envelope.routing_key);
  amqp_destroy_envelope(&envelope);
  BOOST_CHECK_EQUAL(received, body);
  BOOST_CHECK_EQUAL(routing_key, queue);

  guard.set_channel_open(false);
  const amqp_rpc_reply_t channel_close =
    amqp_channel_close(conn, channel, AMQP_REPLY_SUCCESS);
  BOOST_CHECK_MESSAGE(channel_close.reply_type == AMQP_RESPONSE_NORMAL,
                      "channel.close: " << describe(channel_close));
  guard.set_logged_in(false);
  const amqp_rpc_reply_t connection_close =
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
  BOOST_CHECK_MESSAGE(connection_close.reply_type == AMQP_RESPONSE_NORMAL,
                      "connection.close: " << describe(connection_close));
}
