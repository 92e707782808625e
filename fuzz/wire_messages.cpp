// Every wire message decoder (messaging/codec_*.hpp, docs/wire-format.md).
// The first byte picks the decoder ('0' to '6', in the order of `kind`;
// other bytes map onto them too), the rest is the message body.
//
// Properties, for each decoder:
//  - it never throws, and a refusal carries a sentence that a command
//    reply can carry (no NUL: bad_command replies and bad_output trade
//    replies quote it);
//  - what it accepts re-encodes to a message it accepts again, and that
//    second encoding is the same text (decode . encode is the identity on
//    decoded values);
//  - trade requests and replies: peek_request_key finds the ledger and
//    tick the full decoder read; a reply's error is one a worker may send;
//  - create commands pass check_config; quotes have a valid ticker.

#include "core/ledger_config.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/codec_release.hpp"
#include "messaging/codec_trade.hpp"

#include <variant>

#include "fuzz/check.hpp"

using namespace ledger;
using namespace ledger::messaging;

namespace {

enum class kind {
  quote,
  trade_request,
  trade_reply,
  command,
  command_reply,
  event,
  release,
  count
};

// A decoder's refusal is a sentence that can travel as a message: the
// engine answers an unreadable command with it (bad_command), a worker an
// unreadable model output (bad_output), and messages may not hold a NUL.
void sentence(const std::string& why) {
  FUZZ_CHECK(!why.empty());
  FUZZ_CHECK(why.find('\0') == std::string::npos);
  auto reply = decode_command_reply(
    encode_command_reply(command_error{"bad_command", why}));
  if (auto problem = std::get_if<std::string>(&reply))
    ledger::fuzz::differ("a refusal travels in a command reply", why, *problem,
                         __FILE__, __LINE__);
}

// decode, encode, decode again, encode again: both decodings succeed and
// both encodings are the same text. Returns the first decoded value.
template <class T, class Decode, class Encode>
std::optional<T> round_trip(std::string_view body, Decode decode,
                            Encode encode) {
  auto first = decode(body);
  if (auto why = std::get_if<std::string>(&first)) {
    sentence(*why);
    return std::nullopt;
  }
  auto& value = std::get<T>(first);
  auto encoded = encode(value);
  auto second = decode(encoded);
  if (auto why = std::get_if<std::string>(&second))
    ledger::fuzz::differ("a decoded message re-encodes to one that decodes",
                         encoded, *why, __FILE__, __LINE__);
  FUZZ_CHECK_EQUAL_TEXT(encoded, encode(std::get<T>(second)));
  return std::move(value);
}

void same_key(std::string_view body, const std::string& ledger,
              std::int64_t tick) {
  auto key = peek_request_key(body);
  FUZZ_CHECK(key.has_value());
  FUZZ_CHECK_EQUAL_TEXT(key->ledger, ledger);
  FUZZ_CHECK(key->tick == tick);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0)
    return 0;
  auto which = static_cast<kind>(static_cast<unsigned char>(data[0] - '0') %
                                 static_cast<unsigned>(kind::count));
  auto body = ledger::fuzz::text_of(data + 1, size - 1);
  switch (which) {
  case kind::quote:
    if (auto q = round_trip<quote>(body, decode_quote, encode_quote)) {
      FUZZ_CHECK(is_valid_ticker(q->ticker));
      FUZZ_CHECK(q->price.micros() > 0);
    }
    break;
  case kind::trade_request:
    if (auto r = round_trip<algo_request>(body, decode_trade_request,
                                          encode_trade_request)) {
      FUZZ_CHECK(is_valid_ledger_name(r->ledger));
      FUZZ_CHECK(r->tick >= 1);
      same_key(body, r->ledger, r->tick);
    }
    break;
  case kind::trade_reply:
    if (auto r = round_trip<algo_reply>(body, decode_trade_reply,
                                        encode_trade_reply)) {
      same_key(body, r->ledger, r->tick);
      FUZZ_CHECK(!r->error || sent_by_workers(*r->error));
      FUZZ_CHECK(!r->error || r->orders.empty());
    }
    break;
  case kind::command:
    if (auto c = round_trip<command>(body, decode_command, encode_command)) {
      if (c->kind == command_kind::create) {
        FUZZ_CHECK(c->config.has_value());
        FUZZ_CHECK(!check_config(*c->config));
      }
      if (c->kind != command_kind::list)
        FUZZ_CHECK(is_valid_ledger_name(c->name));
    }
    break;
  case kind::command_reply:
    round_trip<command_reply>(body, decode_command_reply, encode_command_reply);
    break;
  case kind::event:
    if (auto e = round_trip<ledger_event>(body, decode_event, [](auto& e) {
          if (auto tick = std::get_if<tick_record>(&e))
            return encode_tick_event(*tick);
          return encode_status_event(std::get<status_event>(e));
        })) {
      auto ledger = std::visit([](auto& e) { return e.ledger; }, *e);
      FUZZ_CHECK(is_valid_ledger_name(ledger));
    }
    break;
  case kind::release:
    if (auto name = decode_release(body)) {
      FUZZ_CHECK(is_valid_ledger_name(*name));
      auto again = decode_release(encode_release(*name));
      FUZZ_CHECK(again.has_value());
      FUZZ_CHECK_EQUAL_TEXT(*again, *name);
    }
    break;
  case kind::count:
    break;
  }
  return 0;
}
