// /v1/ledgers/{name}/trades (read and report) and /history.

#include "api/routes.hpp"
#include "api/views.hpp"
#include "core/idempotency.hpp"
#include "json/fields.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"

#include <charconv>
#include <cstdio>

namespace ledger::api {

namespace {

constexpr std::size_t max_idempotency_key = 255;

void list_trades(const call_ptr& c, const services& s) {
  auto name = path_name(c);
  if (!name)
    return;
  auto limit = page_size(c);
  if (!limit)
    return;
  auto after = page_cursor(c, "a trade id");
  if (!after)
    return;
  // get first: an unknown ledger is a 404, not an empty page.
  auto engine = s.engine;
  engine->get(*name, on_success<ledger_view>(c, [c, engine, n = *name,
                                                 after = *after,
                                                 limit = *limit](ledger_view&) {
    engine->trades(n, after, limit,
                   on_success<std::vector<persistence::trade_row>>(
                     c, [c, limit](std::vector<persistence::trade_row>& rows) {
                       c->reply(json_response(
                         200, to_json([&](json::writer& w) {
                           w.StartObject();
                           write_page_members(w, "trades", rows, limit,
                                              write_trade_row,
                                              &persistence::trade_row::id);
                           w.EndObject();
                         })));
                     }));
  }));
}

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > max_idempotency_key)
    return false;
  for (unsigned char ch : key)
    if (ch < 0x21 || ch > 0x7e)
      return false;
  return true;
}

// Applies the report; with a key, settles the claim before answering, so
// a retry that follows the answer finds the stored response.
void apply_report(const call_ptr& c, const services& s, std::string name,
                  std::vector<order> trades, std::optional<holdings> holding,
                  std::optional<std::string> key) {
  auto engine = s.engine;
  engine->report(
    name, std::move(trades), std::move(holding),
    [c, engine, name, key](outcome<report_result> result) {
      response r;
      bool release = false;
      bool in_doubt = false;
      if (auto f = std::get_if<failure>(&result)) {
        r = failure_response(*f);
        // A timeout leaves it open whether the trades applied: keep the
        // claim pending (retries get 409) rather than risk applying twice.
        // Any other failure applied nothing: free the key for a retry.
        in_doubt = f->code == "timeout";
        release = !in_doubt;
      } else {
        auto& report = std::get<report_result>(result);
        r = report.applied ? json_response(201, report_view(report, ""))
                           : rejected_report(report);
      }
      if (!key || in_doubt) {
        c->reply(std::move(r));
        return;
      }
      auto status = r.status;
      auto body = r.body;
      engine->settle(name, *key, release, status, std::move(body),
                     [c, r](outcome<bool>) mutable { c->reply(std::move(r)); });
    });
}

void post_trades(const call_ptr& c, const services& s) {
  auto name = path_name(c);
  if (!name)
    return;
  auto body = json_body(c->req);
  if (auto r = std::get_if<response>(&body)) {
    c->reply(std::move(*r));
    return;
  }
  auto& doc = std::get<json::document>(body);
  std::optional<holdings> holding;
  const rapidjson::Value* list = &doc.root();
  if (list->IsObject()) {
    json::field_reader f{doc, doc.root()};
    f.only({"trades", "holding"});
    list = f.array("trades");
    if (f.failed()) {
      c->reply(bad_parameter(f.error()));
      return;
    }
    if (auto h = f.find("holding"); h && !h->IsNull()) {
      auto read = json::read_stated_holdings(doc, *h);
      if (auto why = std::get_if<std::string>(&read)) {
        c->reply(bad_parameter(*why));
        return;
      }
      holding = std::get<holdings>(std::move(read));
    }
  }
  auto trades = json::read_order_list(doc, *list);
  if (auto why = std::get_if<std::string>(&trades)) {
    c->reply(bad_parameter(*why));
    return;
  }
  auto orders = std::get<std::vector<order>>(std::move(trades));
  auto key = c->req.header("idempotency-key");
  if (key.empty()) {
    apply_report(c, s, *name, std::move(orders), std::move(holding), {});
    return;
  }
  if (!valid_idempotency_key(key)) {
    c->reply(bad_parameter("Idempotency-Key must be 1 to 255 printable ASCII "
                           "characters"));
    return;
  }
  auto services_copy = s;
  s.engine->claim(
    *name, std::string{key}, idempotency_hash(*name, c->req.body),
    on_success<persistence::idempotency_claim>(
      c, [c, services_copy, n = *name, k = std::string{key},
          orders = std::move(orders),
          holding](persistence::idempotency_claim& claim) mutable {
        using persistence::claim_state;
        switch (claim.state) {
        case claim_state::claimed:
          apply_report(c, services_copy, n, std::move(orders),
                       std::move(holding), k);
          return;
        case claim_state::replay: {
          auto r = json_response(claim.status, claim.response);
          r.headers.emplace_back("Idempotent-Replayed", "true");
          c->reply(std::move(r));
          return;
        }
        case claim_state::mismatch:
          c->reply(error_response(409, "idempotency_conflict",
                                  "this Idempotency-Key was used with a "
                                  "different request"));
          return;
        case claim_state::in_progress:
          c->reply(error_response(409, "idempotency_in_progress",
                                  "a request with this Idempotency-Key has "
                                  "not finished"));
          return;
        case claim_state::unknown_ledger:
          c->reply(
            error_response(404, "unknown_ledger", "no ledger named " + n));
          return;
        }
      }));
}

// Paged like /trades: ?limit= (default 100, at most 1000) points with
// ticks after ?after=, so no answer holds a whole long history; "next" is
// the next page's "after" (null on the last page). With ?step=, buckets
// instead (api/history_buckets.cpp).
void history(const call_ptr& c, const services& s) {
  if (c->target.param("step")) {
    history_buckets(c, s);
    return;
  }
  auto name = path_name(c);
  std::optional<timestamp> from, to;
  if (!name || !read_bound(c, "from", from) || !read_bound(c, "to", to))
    return;
  auto limit = page_size(c);
  if (!limit)
    return;
  auto after = page_cursor(c, "a tick");
  if (!after)
    return;
  auto engine = s.engine;
  engine->get(*name, on_success<ledger_view>(c, [c, engine, n = *name, from, to,
                                                 after = *after,
                                                 limit = *limit](ledger_view&) {
    engine->history(
      n, after, limit, from, to,
      on_success<std::vector<persistence::valuation_row>>(
        c, [c, n, limit](std::vector<persistence::valuation_row>& points) {
          c->reply(json_response(
            200, to_json([&](json::writer& w) {
              w.StartObject();
              json::write_member(w, "name", n);
              write_page_members(w, "points", points, limit, write_valuation,
                                 &persistence::valuation_row::tick);
              w.EndObject();
            })));
        }));
  }));
}

} // namespace

std::vector<route> trade_routes() {
  return {
    {"GET", "/v1/ledgers/{name}/trades", access::read, list_trades},
    {"POST", "/v1/ledgers/{name}/trades", access::mutation, post_trades},
    {"GET", "/v1/ledgers/{name}/history", access::read, history},
  };
}

} // namespace ledger::api
