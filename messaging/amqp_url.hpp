#pragma once

// amqp://user:password@host:port/vhost, read with rabbitmq-c's own parser
// (percent-escapes decoded, "%2F" is the vhost "/"). Nothing here ever puts
// the password into a message.

#include <string>
#include <string_view>
#include <variant>

namespace ledger::messaging {

/// The parts of an AMQP URL, decoded.
struct amqp_url {
  std::string host = "localhost";
  int port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";

  /// amqp://user@host:port/vhost -- for logs and error messages.
  std::string redacted() const;
};

/// Parses an amqp:// URL. Omitted parts take AMQP's defaults (guest,
/// localhost, 5672, vhost "/"); "amqp://host/" names the empty vhost.
/// amqps:// (TLS) and query options are refused. The error sentence never
/// repeats the URL, which may hold a password.
std::variant<amqp_url, std::string> parse_amqp_url(std::string_view url);

} // namespace ledger::messaging
