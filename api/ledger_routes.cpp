// /v1/ledgers: create, list, read, delete, start, stop.

#include "api/routes.hpp"
#include "api/views.hpp"
#include "json/fields.hpp"
#include "json/ledger_settings.hpp"

namespace ledger::api {

namespace {

// Reads POST /v1/ledgers's body into a configuration and the start flag;
// a sentence on the first problem. Every member has its JSON type: a
// string is a string ("name": 5 is refused), an amount a number or a
// numeric string, a count a number.
std::variant<std::pair<ledger_config, bool>, std::string>
read_create(const json::document& doc) {
  json::field_reader f{doc, doc.root()};
  if (f.failed())
    return std::string{"the body must be a JSON object"};
  f.only({"name", "tickers", "algo_path", "interval", "end", "initial_balance",
          "fee", "slippage_bps", "tolerance_bps", "start"});
  auto name = f.text("name");
  auto tickers = f.text_list("tickers");
  auto algo = f.text("algo_path");
  auto interval_text = f.text("interval");
  auto end_text = json::read_end_days(f);
  auto balance = f.optional_amount("initial_balance");
  auto fee = f.optional_amount("fee");
  auto slippage = f.optional_integer("slippage_bps");
  auto tolerance = f.optional_integer("tolerance_bps");
  auto start = f.optional_flag("start");
  if (f.failed())
    return f.error();
  ledger_config config;
  config.name = std::move(*name);
  config.tickers = std::move(*tickers);
  config.algo_path = std::move(*algo);
  auto interval = parse_interval(*interval_text);
  if (!interval)
    return std::string{"interval must look like \"500ms\", \"30s\", \"5m\" "
                       "or \"1h\""};
  config.interval = *interval;
  auto lifespan = parse_decimal_duration(*end_text, std::chrono::hours{24});
  if (!lifespan)
    return std::string{"end must be a positive number of days"};
  config.lifespan = *lifespan;
  if (auto why = json::apply_optional_settings(config, balance, fee, slippage,
                                               tolerance))
    return *why;
  return std::make_pair(std::move(config), start.value_or(true));
}

void create(const call_ptr& c, const services& s) {
  auto body = json_body(c->req);
  if (auto r = std::get_if<response>(&body)) {
    c->reply(std::move(*r));
    return;
  }
  auto parsed = read_create(std::get<json::document>(body));
  if (auto why = std::get_if<std::string>(&parsed)) {
    c->reply(bad_parameter(*why));
    return;
  }
  auto& [config, start] = std::get<std::pair<ledger_config, bool>>(parsed);
  if (auto problem = check_config(config)) {
    c->reply(error_response(400, "invalid_config", *problem));
    return;
  }
  s.engine->create(std::move(config), start,
                   on_success<ledger_view>(c, [c](ledger_view& info) {
                     auto r = json_response(201, to_json([&](json::writer& w) {
                                              write_ledger(w, info);
                                            }));
                     r.headers.emplace_back(
                       "Location", "/v1/ledgers/" + info.record.config.name);
                     c->reply(std::move(r));
                   }));
}

void list(const call_ptr& c, const services& s) {
  auto limit = page_size(c);
  if (!limit)
    return;
  auto after = c->target.param("after").value_or("");
  s.engine->list(on_success<std::vector<ledger_view>>(
    c, [c, after, n = *limit](std::vector<ledger_view>& all) {
      c->reply(json_response(200, to_json([&](json::writer& w) {
                               w.StartObject();
                               w.Key("ledgers");
                               w.StartArray();
                               std::size_t written = 0;
                               const ledger_view* last = nullptr;
                               bool more = false;
                               // Names compare bytewise, as the registry orders
                               // them.
                               for (auto& info : all) {
                                 if (info.record.config.name <= after)
                                   continue;
                                 if (written == n) {
                                   more = true;
                                   break;
                                 }
                                 write_ledger(w, info);
                                 last = &info;
                                 ++written;
                               }
                               w.EndArray();
                               w.Key("next");
                               if (more && last != nullptr)
                                 w.String(last->record.config.name.c_str());
                               else
                                 w.Null();
                               w.EndObject();
                             })));
    }));
}

auto reply_ledger(const call_ptr& c) {
  return on_success<ledger_view>(c, [c](ledger_view& info) {
    c->reply(json_response(
      200, to_json([&](json::writer& w) { write_ledger(w, info); })));
  });
}

void get(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->get(*name, reply_ledger(c));
}

void remove(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->remove(*name,
                     on_success<bool>(c, [c, n = *name, views = s.views](bool) {
                       views->erase(n);
                       response r;
                       r.status = 204;
                       r.content_type.clear();
                       c->reply(std::move(r));
                     }));
}

void start(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->start(*name, reply_ledger(c));
}

void stop(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->stop(*name, reply_ledger(c));
}

} // namespace

std::vector<route> ledger_routes() {
  return {
    {"POST", "/v1/ledgers", access::mutation, create},
    {"GET", "/v1/ledgers", access::read, list},
    {"GET", "/v1/ledgers/{name}", access::read, get},
    {"DELETE", "/v1/ledgers/{name}", access::mutation, remove},
    {"POST", "/v1/ledgers/{name}/start", access::mutation, start},
    {"POST", "/v1/ledgers/{name}/stop", access::mutation, stop},
  };
}

} // namespace ledger::api
