#include "messaging/codec_trade.hpp"

#include "json/book_status.hpp"
#include "json/exact.hpp"
#include "json/fields.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

namespace ledger::messaging {

namespace {

// The ledger and tick that pair a trade reply with its request, read by the
// same rules both ways. A problem is left in `top` (nullopt then).
std::optional<request_key> read_request_key(json::field_reader& top) {
  auto ledger = read_ledger_member(top);
  auto tick = top.integer("tick");
  if (tick && *tick < 1)
    top.fail("tick must be at least 1");
  if (top.failed())
    return std::nullopt;
  return request_key{*ledger, *tick};
}

} // namespace

std::string encode_trade_request(const algo_request& r) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "ledger", r.ledger);
  w.Key("tick");
  w.Int64(r.tick);
  json::write_member(w, "time", json::format_time(r.time));
  json::write_member(w, "deadline", json::format_time(r.deadline));
  json::write_member(w, "algo", r.algo);
  w.Key("book_status");
  w.StartObject();
  json::write_book_status_members(w, r);
  w.EndObject();
  return out.finish();
}

decoded<algo_request> decode_trade_request(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader top{doc, doc.root()};
  algo_request r;
  auto key = read_request_key(top);
  auto time = top.time("time");
  auto deadline = top.time("deadline");
  auto algo = top.text("algo");
  auto status_value = top.object("book_status");
  if (top.failed())
    return top.error();
  r.ledger = std::move(key->ledger);
  r.tick = key->tick;
  r.time = *time;
  r.deadline = *deadline;
  r.algo = *algo;

  json::field_reader status{doc, *status_value, "book_status."};
  auto balance = status.amount("balance");
  r.value = status.optional_amount("value");
  auto holding = status.object("holding");
  auto prices = status.object("prices");
  auto trades = status.array("trades");
  auto rejected = status.array("rejected");
  if (status.failed())
    return status.error();
  r.balance = *balance;
  auto positions = json::read_holdings(doc, *holding);
  if (auto why = std::get_if<std::string>(&positions))
    return "book_status.holding: " + *why;
  r.positions = std::get<holdings>(std::move(positions));
  auto marks = json::read_prices(*prices);
  if (auto why = std::get_if<std::string>(&marks))
    return "book_status.prices: " + *why;
  r.prices = std::get<price_map>(std::move(marks));
  auto fills = json::read_fill_list(doc, *trades);
  if (auto why = std::get_if<std::string>(&fills))
    return "book_status.trades: " + *why;
  r.trades = std::get<std::vector<fill>>(std::move(fills));
  auto rejections = json::read_rejection_list(doc, *rejected);
  if (auto why = std::get_if<std::string>(&rejections))
    return "book_status.rejected: " + *why;
  r.rejected = std::get<std::vector<rejection>>(std::move(rejections));
  return r;
}

std::optional<request_key> peek_request_key(std::string_view body) {
  json::document doc;
  if (doc.parse(body) || !doc.root().IsObject())
    return std::nullopt;
  json::field_reader top{doc, doc.root()};
  return read_request_key(top);
}

std::string encode_trade_reply(const algo_reply& r) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "ledger", r.ledger);
  w.Key("tick");
  w.Int64(r.tick);
  w.Key("trades");
  w.StartArray();
  if (!r.error)
    for (auto& o : r.orders)
      json::write_order(w, o);
  w.EndArray();
  if (r.error) {
    json::write_member(w, "error", to_string(*r.error));
    json::write_member(w, "message", r.error_message);
  }
  return out.finish();
}

namespace {

algo_reply bad_output(std::string ledger, std::int64_t tick,
                      std::string message) {
  algo_reply r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.error = algo_failure::bad_output;
  r.error_message = std::move(message);
  return r;
}

} // namespace

decoded<algo_reply> decode_trade_reply(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader top{doc, doc.root()};
  auto key = read_request_key(top);
  if (!key)
    return top.error();

  // From here on the reply can be correlated: problems become bad_output.
  auto& [ledger, tick] = *key;
  auto error = top.optional_text("error");
  auto message = top.optional_message("message");
  if (top.failed())
    return bad_output(ledger, tick, top.error());
  if (error) {
    // Only what a worker may say: overloaded and broker_unavailable are the
    // engine's own, never a worker's answer.
    auto failure = parse_algo_failure(*error);
    if (!failure || !sent_by_workers(*failure))
      return bad_output(ledger, tick,
                        "unknown error code \"" + error->substr(0, 32) +
                          "\": " + message.value_or(""));
    algo_reply r;
    r.ledger = ledger;
    r.tick = tick;
    r.error = *failure;
    r.error_message = message.value_or("");
    return r;
  }
  auto trades = top.array("trades");
  if (top.failed())
    return bad_output(ledger, tick, top.error());
  auto orders = json::read_order_list(doc, *trades);
  if (auto why = std::get_if<std::string>(&orders))
    return bad_output(ledger, tick, *why);
  algo_reply r;
  r.ledger = ledger;
  r.tick = tick;
  r.orders = std::get<std::vector<order>>(std::move(orders));
  return r;
}

} // namespace ledger::messaging
