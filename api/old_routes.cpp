// The Flask service's contract, kept for the scripts that use it: same
// paths, parameters and success shapes. Errors take the adapter's JSON
// shape, with the seed's sentences.

#include "api/routes.hpp"
#include "api/views.hpp"
#include "core/market_hours.hpp"
#include "core/text.hpp"
#include "json/fields.hpp"
#include "json/trades.hpp"

namespace ledger::api {

namespace {

// Splits "AAPL,GOOG" (spaces around names are dropped).
std::vector<std::string> split_tickers(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto one = text.substr(0, comma);
    while (!one.empty() && one.front() == ' ')
      one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ')
      one.remove_suffix(1);
    out.emplace_back(one);
    text = comma == std::string_view::npos ? std::string_view{}
                                           : text.substr(comma + 1);
  }
  return out;
}

void create_ledger(const call_ptr& c, const services& s) {
  auto& t = c->target;
  auto name = t.param("name");
  auto tickers = t.param("tickerstotrack");
  auto algo = t.param("algo_path");
  auto update = t.param("updatetime");
  auto end = t.param("end");
  if (!name || name->empty() || !tickers || !algo || algo->empty() || !update ||
      !end) {
    c->reply(bad_parameter("Missing required parameters: name, tickerstotrack, "
                           "algo_path, updatetime and end"));
    return;
  }
  ledger_config config;
  config.name = *name;
  config.tickers = split_tickers(*tickers);
  config.algo_path = *algo;
  auto interval = parse_decimal_duration(*update, std::chrono::minutes{1});
  if (!interval) {
    c->reply(bad_parameter("updatetime must be a positive number of minutes"));
    return;
  }
  config.interval = *interval;
  auto lifespan = parse_decimal_duration(*end, std::chrono::hours{24});
  if (!lifespan) {
    c->reply(bad_parameter("end must be a positive number of days"));
    return;
  }
  config.lifespan = *lifespan;
  // Optional, as in POST /v1/ledgers: absent or empty is none.
  if (auto calendar = t.param("calendar"); calendar && !calendar->empty()) {
    auto known = parse_market_calendar(*calendar);
    if (!known) {
      c->reply(bad_parameter("unknown calendar \"" + excerpt(*calendar) +
                             "\": " + std::string{known_market_calendars()}));
      return;
    }
    config.calendar = *known;
  }
  if (auto problem = check_config(config)) {
    c->reply(error_response(400, "invalid_config", *problem));
    return;
  }
  s.engine->create(
    std::move(config), true, on_success<ledger_view>(c, [c](ledger_view& info) {
      auto& n = info.record.config.name;
      c->reply(json_response(
        200, to_json([&](json::writer& w) {
          w.StartObject();
          json::write_member(w, "info", "Ledger '" + n + "' has been created.");
          w.Key("start_status");
          w.StartObject();
          json::write_member(w, "info", "Ledger " + n + " will now start");
          w.EndObject();
          w.Key("ledger");
          write_ledger(w, info);
          w.EndObject();
        })));
    }));
}

void view_ledger(const call_ptr& c, const services& s) {
  auto name = ledger_name(c->target.param("name"), "name");
  if (auto r = std::get_if<response>(&name)) {
    c->reply(std::move(*r));
    return;
  }
  serve_view(c, s, std::get<std::string>(name));
}

void delete_ledger(const call_ptr& c, const services& s) {
  auto name = ledger_name(c->target.param("name"), "name");
  if (auto r = std::get_if<response>(&name)) {
    c->reply(std::move(*r));
    return;
  }
  auto n = std::get<std::string>(name);
  s.engine->remove(
    n, on_success<bool>(c, [c, n, views = s.views](bool) {
      views->erase(n);
      c->reply(json_response(200, to_json([&](json::writer& w) {
                               w.StartObject();
                               json::write_member(
                                 w, "Info", "Deleted ledger named '" + n + "'");
                               w.EndObject();
                             })));
    }));
}

void update_ledger(const call_ptr& c, const services& s) {
  auto body = json_body(c->req);
  if (auto r = std::get_if<response>(&body)) {
    c->reply(std::move(*r));
    return;
  }
  auto& doc = std::get<json::document>(body);
  // Other members (the seed's clients send "balance") are ignored: the
  // ledger computes its balance itself.
  json::field_reader f{doc, doc.root()};
  if (f.failed() || !f.find("name") || !f.find("trades") ||
      !f.find("holding")) {
    c->reply(
      bad_parameter("Missing required fields. Please provide name, trades, "
                    "and holding."));
    return;
  }
  auto text = f.text("name");
  if (f.failed()) {
    c->reply(bad_parameter(f.error()));
    return;
  }
  auto name = ledger_name(text, "name");
  if (auto r = std::get_if<response>(&name)) {
    c->reply(std::move(*r));
    return;
  }
  auto trades = json::read_orders(doc, *f.find("trades"));
  if (auto why = std::get_if<std::string>(&trades)) {
    c->reply(bad_parameter(*why));
    return;
  }
  auto holding = json::read_stated_holdings(doc, *f.find("holding"));
  if (auto why = std::get_if<std::string>(&holding)) {
    c->reply(bad_parameter(*why));
    return;
  }
  auto n = std::get<std::string>(name);
  s.engine->report(
    n, std::get<std::vector<order>>(std::move(trades)),
    std::get<holdings>(std::move(holding)),
    on_success<report_result>(c, [c, n](report_result& result) {
      if (!result.applied) {
        c->reply(rejected_report(result));
        return;
      }
      c->reply(json_response(
        200, report_view(result, "Ledger '" + n + "' updated successfully")));
    }));
}

void start_ledger(const call_ptr& c, const services& s) {
  auto name = ledger_name(c->target.param("name"), "name");
  if (auto r = std::get_if<response>(&name)) {
    c->reply(std::move(*r));
    return;
  }
  s.engine->start(
    std::get<std::string>(name),
    on_success<ledger_view>(c, [c](ledger_view& info) {
      auto& n = info.record.config.name;
      c->reply(json_response(202, to_json([&](json::writer& w) {
                               w.StartObject();
                               json::write_member(
                                 w, "info", "Ledger " + n + " will now start");
                               w.Key("ledger");
                               write_ledger(w, info);
                               w.EndObject();
                             })));
    }));
}

} // namespace

std::vector<route> old_routes() {
  return {
    {"GET", "/create_ledger", access::mutation, create_ledger},
    {"GET", "/view_ledger", access::read, view_ledger},
    {"GET", "/delete_ledger", access::mutation, delete_ledger},
    {"PATCH", "/update_ledger", access::mutation, update_ledger},
    {"GET", "/start_ledger", access::mutation, start_ledger},
  };
}

} // namespace ledger::api
