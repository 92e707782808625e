// /v1/ledgers: create, list, read, delete, start, stop.

#include "api/routes.hpp"
#include "api/views.hpp"

#include "json/exact.hpp"

namespace ledger::api {

namespace {

// Reads POST /v1/ledgers's body into a configuration and the start flag;
// a sentence on the first problem.
std::variant<std::pair<ledger_config, bool>, std::string>
read_create(const rapidjson::Value& v) {
  if (!v.IsObject())
    return std::string{"the body must be a JSON object"};
  ledger_config config;
  bool start = true;
  bool has_name = false, has_tickers = false, has_algo = false,
       has_interval = false, has_end = false;
  for (auto& m : v.GetObject()) {
    std::string key{m.name.GetString(), m.name.GetStringLength()};
    auto& x = m.value;
    if (key == "name" && x.IsString()) {
      config.name = x.GetString();
      has_name = true;
    } else if (key == "tickers" && x.IsArray()) {
      for (auto& t : x.GetArray()) {
        if (!t.IsString())
          return std::string{"tickers must be a list of strings"};
        config.tickers.emplace_back(t.GetString(), t.GetStringLength());
      }
      has_tickers = true;
    } else if (key == "algo_path" && x.IsString()) {
      config.algo_path = x.GetString();
      has_algo = true;
    } else if (key == "interval" && x.IsString()) {
      auto d = parse_interval(x.GetString());
      if (!d)
        return std::string{"interval must look like \"500ms\", \"30s\", "
                           "\"5m\" or \"1h\""};
      config.interval = *d;
      has_interval = true;
    } else if (key == "end") {
      // Numbers arrive as their text (json::parse_exact).
      auto d = x.IsString()
                 ? parse_decimal_duration(x.GetString(), std::chrono::hours{24})
                 : std::nullopt;
      if (!d)
        return std::string{"end must be a positive number of days"};
      config.lifespan = *d;
      has_end = true;
    } else if (key == "initial_balance") {
      auto m = json::read_money(x);
      if (!m)
        return std::string{"initial_balance must be an amount"};
      config.initial_balance = *m;
    } else if (key == "fee") {
      auto m = json::read_money(x);
      if (!m)
        return std::string{"fee must be an amount"};
      config.fee = *m;
    } else if (key == "slippage_bps" || key == "tolerance_bps") {
      auto n = json::read_integer(x);
      if (!n || *n < 0 || *n > 10'000)
        return key + " must be a whole number of basis points";
      (key == "slippage_bps" ? config.slippage_bps : config.tolerance_bps) =
        static_cast<std::int32_t>(*n);
    } else if (key == "start" && x.IsBool()) {
      start = x.GetBool();
    } else {
      return "unexpected or mistyped field \"" + key.substr(0, 32) + "\"";
    }
  }
  if (!has_name || !has_tickers || !has_algo || !has_interval || !has_end)
    return std::string{"name, tickers, algo_path, interval and end are "
                       "required"};
  return std::make_pair(std::move(config), start);
}

void create(const call_ptr& c, const services& s) {
  auto body = json_body(c->req);
  if (auto r = std::get_if<response>(&body)) {
    c->reply(std::move(*r));
    return;
  }
  auto parsed = read_create(std::get<rapidjson::Document>(body));
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
                   on_success<ledger_info>(c, [c](ledger_info& info) {
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
  s.engine->list(on_success<std::vector<ledger_info>>(
    c, [c, after, n = *limit](std::vector<ledger_info>& all) {
      c->reply(json_response(200, to_json([&](json::writer& w) {
                               w.StartObject();
                               w.Key("ledgers");
                               w.StartArray();
                               std::size_t written = 0;
                               const ledger_info* last = nullptr;
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
  return on_success<ledger_info>(c, [c](ledger_info& info) {
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
    s.engine->remove(*name, on_success<bool>(c, [c](bool) {
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
