// Connection strings from the command line and the environment: AMQP URLs
// (messaging/amqp_url.hpp, rabbitmq-c's parser) and libpq connection
// strings (persistence/connection_url.hpp, libpq's PQconninfoParse). The
// input is read as both.
//
// Properties:
//  - parse_amqp_url never throws; what it accepts has a host, and its
//    redacted() text parses back to the same user, host, port and vhost
//    (when they can: see check_amqp);
//  - the connection_url functions throw nothing but std::invalid_argument,
//    and only for what libpq refuses too; what they return libpq parses to
//    the options of the input with the one change each makes (password
//    "***", connect_timeout added unless set, dbname replaced).

#include "messaging/amqp_url.hpp"
#include "persistence/connection_url.hpp"

#include <algorithm>
#include <cctype>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <variant>

#include "fuzz/check.hpp"

using namespace ledger;

namespace {

void check_amqp(std::string_view text) {
  auto parsed = messaging::parse_amqp_url(text);
  if (auto why = std::get_if<std::string>(&parsed)) {
    FUZZ_CHECK(!why->empty());
    return;
  }
  auto& url = std::get<messaging::amqp_url>(parsed);
  FUZZ_CHECK(!url.host.empty());
  // Only what can read back: redacted() %-escapes bytes above 0x7E, and
  // rabbitmq-c 0.11 refuses escapes of bytes above 0x7F ("%C3") though it
  // takes the raw bytes; and it writes the host as it is, while rabbitmq-c
  // decodes escapes in a host ("amqp://a%40b/" is host "a@b", no host name).
  auto ascii = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return c < 0x80; });
  };
  auto host_name = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':';
    });
  };
  if (!ascii(url.user) || !ascii(url.vhost) || !host_name(url.host))
    return;
  auto redacted = url.redacted();
  auto again = messaging::parse_amqp_url(redacted);
  if (auto why = std::get_if<std::string>(&again))
    ledger::fuzz::differ("a redacted AMQP URL parses", redacted, *why, __FILE__,
                         __LINE__);
  auto& back = std::get<messaging::amqp_url>(again);
  FUZZ_CHECK_EQUAL_TEXT(back.user, url.user);
  FUZZ_CHECK_EQUAL_TEXT(back.host, url.host);
  FUZZ_CHECK(back.port == url.port);
  FUZZ_CHECK_EQUAL_TEXT(back.vhost, url.vhost);
}

using options = std::map<std::string, std::string>;

// libpq's own reading; nullopt when it refuses the string.
std::optional<options> libpq_options(const std::string& conninfo) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed{
    PQconninfoParse(conninfo.c_str(), &error), PQconninfoFree};
  PQfreemem(error);
  if (!parsed)
    return std::nullopt;
  options out;
  for (auto* o = parsed.get(); o->keyword != nullptr; ++o)
    if (o->val != nullptr)
      out.emplace(o->keyword, o->val);
  return out;
}

// Runs `make`; true when it threw invalid_argument (with a message).
template <class Make>
bool refused(Make make, std::string& out) {
  try {
    out = make();
    return false;
  } catch (const std::invalid_argument& e) {
    FUZZ_CHECK(*e.what() != '\0');
    return true;
  }
}

void same_options(const std::string& made, options expected) {
  auto got = libpq_options(made);
  if (!got)
    ledger::fuzz::differ("libpq parses what connection_url returns", made,
                         "(refused)", __FILE__, __LINE__);
  if (*got != expected) {
    std::string want;
    for (auto& [k, v] : expected)
      want += k + "=" + v + " ";
    ledger::fuzz::differ("the options survive", made, want, __FILE__, __LINE__);
  }
}

void check_conninfo(std::string_view text) {
  std::string conninfo{text};
  // What libpq reads of it (libpq stops at a NUL; connection_url refuses).
  auto original = text.find('\0') == std::string_view::npos
                    ? libpq_options(conninfo)
                    : std::nullopt;
  std::string made;
  if (refused([&] { return persistence::redacted(text); }, made)) {
    FUZZ_CHECK(!original);
  } else {
    FUZZ_CHECK(original.has_value());
    auto expected = *original;
    if (auto p = expected.find("password"); p != expected.end())
      p->second = "***";
    same_options(made, expected);
  }
  if (!original)
    return;
  FUZZ_CHECK(
    !refused([&] { return persistence::with_connect_timeout(text, 7); }, made));
  auto expected = *original;
  expected.emplace("connect_timeout", "7");
  same_options(made, expected);

  const std::string database = "fuzz db'\\%=&?";
  FUZZ_CHECK(
    !refused([&] { return persistence::with_database(text, database); }, made));
  expected = *original;
  expected["dbname"] = database;
  same_options(made, expected);

  FUZZ_CHECK(!refused([&] { return persistence::redact(text, text); }, made));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto text = ledger::fuzz::text_of(data, size);
  check_amqp(text);
  check_conninfo(text);
  return 0;
}
