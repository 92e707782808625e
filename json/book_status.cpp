#include "json/book_status.hpp"

#include "json/trades.hpp"

namespace ledger::json {

void write_book_status_members(writer& w, const algo_request& r) {
  w.Key("balance");
  write_money(w, r.balance);
  w.Key("holding");
  write_holdings(w, r.positions);
  w.Key("prices");
  write_prices(w, r.prices);
  w.Key("value");
  write_optional_money(w, r.value);
  w.Key("trades");
  write_fill_list(w, r.trades);
  w.Key("rejected");
  write_rejection_list(w, r.rejected);
}

} // namespace ledger::json
