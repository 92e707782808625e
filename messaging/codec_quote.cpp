#include "messaging/codec_quote.hpp"

#include "core/ledger_config.hpp"
#include "json/fields.hpp"
#include "json/time.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

namespace ledger::messaging {

std::string encode_quote(const quote& q) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "ticker", q.ticker);
  w.Key("price");
  json::write_price(w, q.price);
  json::write_member(w, "time", json::format_time(q.time));
  return out.finish();
}

decoded<quote> decode_quote(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader top{doc, doc.root()};
  auto ticker = top.text("ticker");
  if (ticker && !is_valid_ticker(*ticker))
    top.fail("ticker must be 1 to 16 characters of A-Z, a-z, 0-9, . ^ _ -");
  auto p = top.positive_price("price");
  auto t = top.time("time");
  if (top.failed())
    return top.error();
  return quote{*ticker, *p, *t};
}

} // namespace ledger::messaging
