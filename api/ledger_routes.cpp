// /v1/ledgers: create, list, read, delete, start, stop.

#include "api/routes.hpp"
#include "api/views.hpp"
#include "json/fields.hpp"
#include "json/ledger_settings.hpp"

namespace ledger::api {

namespace {

// Reads POST /v1/ledgers's body: the members a wire create has too
// (json::read_new_ledger), under REST's names.
std::variant<json::new_ledger, std::string>
read_create(const json::document& doc) {
  json::field_reader f{doc, doc.root()};
  if (f.failed())
    return std::string{"the body must be a JSON object"};
  f.only({"name", "tickers", "algo_path", "interval", "end", "initial_balance",
          "fee", "slippage_bps", "tolerance_bps", "calendar", "start"});
  auto created = json::read_new_ledger(f, json::rest_ledger_members);
  if (!created)
    return f.error();
  return std::move(*created);
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
  auto& [config, start] = std::get<json::new_ledger>(parsed);
  if (auto problem = check_config(config)) {
    c->reply(error_response(400, "invalid_config", *problem));
    return;
  }
  s.engine->create(
    std::move(config), start,
    on_success<ledger_view>(c, [c, engine = s.engine](ledger_view& info) {
      auto owner = engine->owner_of(info.record.config.name);
      auto r = json_response(
        201, to_json([&](json::writer& w) { write_ledger(w, info, owner); }));
      r.headers.emplace_back("Location",
                             "/v1/ledgers/" + info.record.config.name);
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

// The ledger, with its owner when several nodes share the database.
auto reply_ledger(const call_ptr& c, const services& s) {
  return on_success<ledger_view>(c, [c, engine = s.engine](ledger_view& info) {
    auto owner = engine->owner_of(info.record.config.name);
    c->reply(json_response(
      200, to_json([&](json::writer& w) { write_ledger(w, info, owner); })));
  });
}

void get(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->get(*name, reply_ledger(c, s));
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
    s.engine->start(*name, reply_ledger(c, s));
}

void stop(const call_ptr& c, const services& s) {
  if (auto name = path_name(c))
    s.engine->stop(*name, reply_ledger(c, s));
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
