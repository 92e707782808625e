#include "messaging/codec_command.hpp"

#include "core/enum_names.hpp"
#include "core/fixed_point.hpp"
#include "json/exact.hpp"
#include "json/fields.hpp"
#include "json/ledger_settings.hpp"
#include "json/trades.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

#include <array>
#include <limits>
#include <utility>

namespace ledger::messaging {

namespace {

constexpr enum_names<command_kind, 8> names{{
  {command_kind::create, "create"},
  {command_kind::start, "start"},
  {command_kind::stop, "stop"},
  {command_kind::remove, "delete"},
  {command_kind::view, "view"},
  {command_kind::update, "update"},
  {command_kind::list, "list"},
  {command_kind::nodes, "nodes"},
}};

constexpr std::chrono::milliseconds one_day{std::chrono::hours{24}};

std::optional<std::string> read_name(json::field_reader& f) {
  return read_ledger_name(
    f, "name", "name must be 1 to 64 characters of A-Z, a-z, 0-9, _ . -");
}

decoded<command> decode_create(json::field_reader& f) {
  f.only({"v", "command", "name", "tickers", "algo", "interval", "end",
          "balance", "slippage_bps", "fee", "tolerance_bps", "calendar",
          "start"});
  auto created = json::read_new_ledger(f, json::wire_ledger_members);
  if (!created)
    return f.error();
  if (auto why = check_config(created->config))
    return *why;
  command c;
  c.kind = command_kind::create;
  c.name = created->config.name;
  c.config = std::move(created->config);
  c.start = created->start;
  return c;
}

decoded<command> decode_update(const json::document& doc,
                               json::field_reader& f) {
  f.only({"v", "command", "name", "trades", "holding"});
  auto name = read_name(f);
  auto trades = f.array("trades");
  auto holding = f.find("holding");
  if (f.failed())
    return f.error();
  command c;
  c.kind = command_kind::update;
  c.name = *name;
  auto orders = json::read_order_list(doc, *trades);
  if (auto why = std::get_if<std::string>(&orders))
    return *why;
  c.trades = std::get<std::vector<order>>(std::move(orders));
  if (holding && !holding->IsNull()) {
    auto h = json::read_stated_holdings(doc, *holding);
    if (auto why = std::get_if<std::string>(&h))
      return "holding: " + *why;
    c.holding = std::get<holdings>(std::move(h));
  }
  return c;
}

decoded<command> decode_list(json::field_reader& f) {
  f.only({"v", "command", "after", "limit"});
  auto after = f.optional_text("after");
  auto limit = f.optional_integer("limit");
  if (limit && (*limit < 1 || *limit > max_list_limit))
    f.fail("limit must be between 1 and " + std::to_string(max_list_limit));
  if (f.failed())
    return f.error();
  command c;
  c.kind = command_kind::list;
  c.after = after;
  c.limit = limit;
  return c;
}

} // namespace

std::string_view to_string(command_kind kind) {
  return name_in(names, kind, "view");
}

std::optional<command_kind> parse_command_kind(std::string_view text) {
  return value_in(names, text);
}

std::string encode_command(const command& c) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "command", to_string(c.kind));
  if (c.kind != command_kind::list && c.kind != command_kind::nodes)
    json::write_member(w, "name", c.name);
  switch (c.kind) {
  case command_kind::create: {
    ledger_config config = c.config.value_or(ledger_config{});
    w.Key("tickers");
    write_text_array(w, config.tickers);
    json::write_member(w, "algo", config.algo_path);
    json::write_member(w, "interval", format_interval(config.interval));
    w.Key("end");
    json::write_micros(
      w, scale_rounded(config.lifespan.count(), fixed_scale, one_day.count())
           .value_or(0));
    w.Key("balance");
    json::write_money(w, config.initial_balance);
    w.Key("slippage_bps");
    w.Int(config.slippage_bps);
    w.Key("fee");
    json::write_money(w, config.fee);
    w.Key("tolerance_bps");
    w.Int(config.tolerance_bps);
    // Only when set: a create without one reads as before everywhere.
    if (config.calendar != market_calendar::none)
      json::write_member(w, "calendar", to_string(config.calendar));
    w.Key("start");
    w.Bool(c.start);
    break;
  }
  case command_kind::update:
    w.Key("trades");
    w.StartArray();
    for (auto& o : c.trades)
      json::write_order(w, o);
    w.EndArray();
    if (c.holding) {
      w.Key("holding");
      json::write_holdings(w, *c.holding);
    }
    break;
  case command_kind::list:
    if (c.after)
      json::write_member(w, "after", *c.after);
    if (c.limit) {
      w.Key("limit");
      w.Int64(*c.limit);
    }
    break;
  default:
    break;
  }
  return out.finish();
}

decoded<command> decode_command(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader f{doc, doc.root()};
  auto kind_text = f.text("command");
  if (f.failed())
    return f.error();
  auto kind = parse_command_kind(*kind_text);
  if (!kind)
    return "unknown command \"" + kind_text->substr(0, 32) +
           "\" (expected create, start, stop, delete, view, update, list "
           "or nodes)";
  switch (*kind) {
  case command_kind::create:
    return decode_create(f);
  case command_kind::update:
    return decode_update(doc, f);
  case command_kind::list:
    return decode_list(f);
  case command_kind::nodes: {
    f.only({"v", "command"});
    if (f.failed())
      return f.error();
    command c;
    c.kind = command_kind::nodes;
    return c;
  }
  default:
    break;
  }
  f.only({"v", "command", "name"});
  auto name = read_name(f);
  if (f.failed())
    return f.error();
  command c;
  c.kind = *kind;
  c.name = *name;
  return c;
}

} // namespace ledger::messaging
