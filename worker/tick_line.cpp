#include "worker/tick_line.hpp"

#include "json/time.hpp"
#include "json/trades.hpp"

namespace ledger::worker {

void write_tick_members(json::writer& w, const algo_request& request) {
  w.Key("op");
  w.String("tick");
  json::write_member(w, "ledger", request.ledger);
  w.Key("book_status");
  w.StartObject();
  w.Key("balance");
  json::write_money(w, request.balance);
  w.Key("holding");
  json::write_holdings(w, request.positions);
  w.Key("prices");
  json::write_prices(w, request.prices);
  w.Key("value");
  if (request.value)
    json::write_money(w, *request.value);
  else
    w.Null();
  w.Key("trades");
  w.StartArray();
  for (auto& f : request.trades)
    json::write_fill(w, f);
  w.EndArray();
  w.Key("rejected");
  w.StartArray();
  for (auto& r : request.rejected)
    json::write_rejection(w, r);
  w.EndArray();
  w.Key("tick");
  w.Int64(request.tick);
  json::write_member(w, "time", json::format_time(request.time));
  json::write_member(w, "ledger", request.ledger);
  w.EndObject();
}

} // namespace ledger::worker
