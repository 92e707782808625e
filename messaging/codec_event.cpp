#include "messaging/codec_event.hpp"

#include "json/fields.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

namespace ledger::messaging {

std::string event_routing_key(std::string_view ledger, std::string_view event) {
  std::string key{ledger};
  key += '.';
  key += event;
  return key;
}

std::string encode_tick_event(const tick_record& r) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "ledger", r.ledger);
  json::write_member(w, "event", tick_event_name);
  w.Key("tick");
  w.Int64(r.tick);
  json::write_member(w, "time", json::format_time(r.time));
  json::write_member(w, "outcome", to_string(r.outcome));
  json::write_member(w, "detail", r.detail);
  w.Key("latency_us");
  w.Int64(r.latency.count());
  w.Key("fills");
  json::write_fill_list(w, r.fills);
  w.Key("rejections");
  json::write_rejection_list(w, r.rejections);
  w.Key("value");
  json::write_optional_money(w, r.value);
  w.Key("balance");
  json::write_money(w, r.balance);
  w.Key("holding");
  json::write_holdings(w, r.positions);
  return out.finish();
}

std::string encode_status_event(const status_event& e) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "ledger", e.ledger);
  json::write_member(w, "event", status_event_name);
  json::write_member(w, "status", to_string(e.status));
  json::write_member(w, "time", json::format_time(e.time));
  return out.finish();
}

namespace {

decoded<ledger_event> read_tick(json::field_reader& f, std::string ledger) {
  auto& doc = f.doc();
  tick_record r;
  r.ledger = std::move(ledger);
  auto tick = f.integer("tick");
  auto time = f.time("time");
  auto outcome_text = f.text("outcome");
  auto detail = f.optional_message("detail");
  auto latency = f.optional_integer("latency_us");
  auto fills = f.array("fills");
  auto rejections = f.array("rejections");
  r.value = f.optional_amount("value");
  auto balance = f.amount("balance");
  auto holding = f.object("holding");
  if (f.failed())
    return f.error();
  auto outcome = parse_tick_outcome(*outcome_text);
  if (!outcome)
    return "unknown outcome \"" + outcome_text->substr(0, 32) + "\"";
  r.tick = *tick;
  r.time = *time;
  r.outcome = *outcome;
  r.detail = detail.value_or("");
  r.latency = std::chrono::microseconds{latency.value_or(0)};
  r.balance = *balance;
  auto f_list = json::read_fill_list(doc, *fills);
  if (auto why = std::get_if<std::string>(&f_list))
    return *why;
  r.fills = std::get<std::vector<fill>>(std::move(f_list));
  auto r_list = json::read_rejection_list(doc, *rejections);
  if (auto why = std::get_if<std::string>(&r_list))
    return *why;
  r.rejections = std::get<std::vector<rejection>>(std::move(r_list));
  auto positions = json::read_holdings(doc, *holding);
  if (auto why = std::get_if<std::string>(&positions))
    return "holding: " + *why;
  r.positions = std::get<holdings>(std::move(positions));
  return ledger_event{std::move(r)};
}

} // namespace

decoded<ledger_event> decode_event(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader f{doc, doc.root()};
  auto ledger = read_ledger_member(f);
  auto event = f.text("event");
  if (f.failed())
    return f.error();
  if (*event == tick_event_name)
    return read_tick(f, *ledger);
  if (*event != status_event_name)
    return "unknown event \"" + event->substr(0, 32) + "\"";
  auto status_text = f.text("status");
  auto time = f.time("time");
  if (f.failed())
    return f.error();
  auto status = parse_status(*status_text);
  if (!status)
    return "unknown status \"" + status_text->substr(0, 32) + "\"";
  return ledger_event{status_event{*ledger, *status, *time}};
}

} // namespace ledger::messaging
