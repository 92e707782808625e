#include "api/views.hpp"

#include "json/ledger_view.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"

#include <map>

namespace ledger::api {

namespace {

void write_error_head(json::writer& w, std::string_view code,
                      std::string_view message) {
  w.Key("error");
  w.StartObject();
  json::write_member(w, "code", code);
  json::write_member(w, "message", message);
}

} // namespace

void write_ledger(json::writer& w, const ledger_view& info,
                  const std::optional<ledger_owner>& owner) {
  auto& r = info.record;
  w.StartObject();
  json::write_ledger_members(w, info);
  // REST extras: the exact lifespan and when it ends.
  w.Key("lifespan_ms");
  w.Int64(r.config.lifespan.count());
  json::write_time_member(
    w, "ends_at",
    lifecycle{r.config.lifespan, r.status, r.first_started}.ends_at());
  if (owner) {
    w.Key("owner");
    w.StartObject();
    w.Key("node");
    if (owner->node.empty())
      w.Null(); // the shard is moving
    else
      json::write_text(w, owner->node);
    w.Key("shard");
    w.Int(owner->shard);
    if (!owner->http.empty())
      json::write_member(w, "http", owner->http);
    w.EndObject();
  }
  w.EndObject();
}

void write_trade_row(json::writer& w, const persistence::trade_row& row) {
  w.StartObject();
  w.Key("id");
  w.Int64(row.id);
  w.Key("tick");
  w.Int64(row.tick);
  json::write_time_member(w, "time", row.time);
  json::write_fill_members(w, row.trade);
  w.EndObject();
}

void write_valuation(json::writer& w, const persistence::valuation_row& row) {
  w.StartObject();
  w.Key("tick");
  w.Int64(row.tick);
  json::write_time_member(w, "time", row.time);
  w.Key("value");
  json::write_money(w, row.value);
  w.Key("balance");
  json::write_money(w, row.balance);
  w.EndObject();
}

std::string seed_view(const ledger_snapshot& snapshot) {
  return seed_view_json(snapshot.history, snapshot.ledger.record);
}

std::string report_view(const report_result& result, std::string_view message) {
  return to_json([&](json::writer& w) {
    w.StartObject();
    if (!message.empty())
      json::write_member(w, "message", message);
    w.Key("trades");
    w.StartArray();
    for (auto& outcome : result.outcomes)
      if (auto f = std::get_if<fill>(&outcome))
        json::write_fill(w, *f);
    w.EndArray();
    w.EndObject();
  });
}

response rejected_report(const report_result& result) {
  std::size_t rejected = 0;
  for (auto& outcome : result.outcomes)
    rejected += std::holds_alternative<rejection>(outcome) ? 1 : 0;
  auto message = std::to_string(rejected) + " of " +
                 std::to_string(result.outcomes.size()) +
                 " trades violate the ledger's rules; nothing was applied";
  return json_response(422, to_json([&](json::writer& w) {
                         w.StartObject();
                         write_error_head(w, "trade_rejected", message);
                         w.Key("trades");
                         w.StartArray();
                         std::size_t index = 0;
                         for (auto& outcome : result.outcomes) {
                           w.StartObject();
                           w.Key("index");
                           w.Uint64(index++);
                           if (auto r = std::get_if<rejection>(&outcome)) {
                             json::write_member(w, "code", to_string(r->code));
                             json::write_member(w, "message", r->reason);
                             w.Key("trade");
                             json::write_order(w, r->order);
                           } else {
                             auto& f = std::get<fill>(outcome);
                             json::write_member(w, "code", "ok");
                             w.Key("trade");
                             json::write_order(w,
                                               order{f.direction, f.ticker,
                                                     f.shares, f.fill_price});
                           }
                           w.EndObject();
                         }
                         w.EndArray();
                         w.EndObject();
                         w.EndObject();
                       }));
}

response failure_response(const failure& f) {
  auto status = 500;
  if (f.code == "unknown_ledger")
    status = 404;
  else if (f.code == "name_taken" || f.code == "invalid_transition" ||
           f.code == "holding_mismatch")
    status = 409;
  else if (f.code == "invalid_config" || f.code == "invalid_value")
    status = 400;
  else if (f.code == "not_owner")
    // Misdirected: another ledgerd node ticks this ledger.
    status = 421;
  else if (f.code == "database_unavailable" ||
           f.code == "algorithm_unavailable" || f.code == "broker_unavailable")
    status = 503;
  else if (f.code == "timeout")
    // In doubt, not refused: a mutation may still take effect. 503 tells
    // a client that nothing happened and a retry is safe; this is not that.
    status = 504;
  if (f.code != "holding_mismatch") {
    // Failures of the plumbing keep their detail (hosts, SQL) in the log,
    // not the answer.
    if (status == 500)
      return error_response(500, "internal", "internal error");
    if (f.code == "database_unavailable")
      return error_response(503, f.code,
                            "the database is unavailable; try again later");
    return error_response(status, f.code, f.message);
  }
  return json_response(status, to_json([&](json::writer& w) {
                         w.StartObject();
                         write_error_head(w, f.code, f.message);
                         w.Key("holding");
                         json::write_holdings(w, f.computed);
                         w.EndObject();
                         w.EndObject();
                       }));
}

} // namespace ledger::api
