#include "messaging/amqp_url.hpp"

#include <amqp.h>

#include <string.h>
#include <vector>

namespace ledger::messaging {

namespace {

// Percent-escapes what would end a segment of the URL (user, vhost), so the
// redacted text reads back to the same values.
std::string escape_segment(std::string_view vhost) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : vhost) {
    if (c == '/' || c == '%' || c == '?' || c == '#' || c == '@' || c == ':' ||
        c == '[' || c == ']' || c <= 0x20 || c >= 0x7F) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

} // namespace

std::string amqp_url::redacted() const {
  std::string text = "amqp://";
  // The user name is no secret; the password never appears.
  text += escape_segment(user) + "@";
  if (host.find(':') != std::string::npos)
    text += "[" + host + "]";
  else
    text += host;
  text += ":" + std::to_string(port) + "/" + escape_segment(vhost);
  return text;
}

std::variant<amqp_url, std::string> parse_amqp_url(std::string_view url) {
  if (url.substr(0, 8) == "amqps://")
    return std::string{"amqps:// (TLS) URLs are not supported; use amqp://"};
  if (url.substr(0, 7) != "amqp://")
    return std::string{"the AMQP URL must start with amqp://"};
  if (url.find('\0') != std::string_view::npos)
    return std::string{"the AMQP URL contains a NUL character"};
  // amqp_parse_url decodes in place: hand it a copy, and wipe the copy
  // afterwards since it holds the password.
  std::vector<char> copy(url.begin(), url.end());
  copy.push_back('\0');
  amqp_connection_info info{};
  int rc = amqp_parse_url(copy.data(), &info);
  std::variant<amqp_url, std::string> result;
  if (rc != AMQP_STATUS_OK) {
    result = std::string{"the AMQP URL is malformed (expected "
                         "amqp://user:password@host:port/vhost, with "
                         "special characters %-escaped)"};
  } else {
    amqp_url parsed;
    parsed.host = info.host;
    parsed.port = info.port;
    parsed.user = info.user;
    parsed.password = info.password;
    parsed.vhost = info.vhost;
    if (parsed.host.empty())
      result = std::string{"the AMQP URL has no host"};
    else
      result = std::move(parsed);
  }
  // explicit_bzero: a plain fill of a buffer about to be freed may be
  // optimized away.
  explicit_bzero(copy.data(), copy.size());
  return result;
}

} // namespace ledger::messaging
