#include "worker/tick_line.hpp"

#include "json/book_status.hpp"
#include "json/time.hpp"

namespace ledger::worker {

void write_tick_members(json::writer& w, const algo_request& request) {
  w.Key("op");
  w.String("tick");
  json::write_member(w, "ledger", request.ledger);
  w.Key("book_status");
  w.StartObject();
  json::write_book_status_members(w, request);
  w.Key("tick");
  w.Int64(request.tick);
  json::write_member(w, "time", json::format_time(request.time));
  json::write_member(w, "ledger", request.ledger);
  w.EndObject();
}

} // namespace ledger::worker
