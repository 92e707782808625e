#include "json/seed_view.hpp"

#include "json/time.hpp"
#include "json/trades.hpp"

#include <map>
#include <string>

namespace ledger::json {

void write_seed_view(writer& w, const std::vector<fill>& trades,
                     const holdings& holding,
                     const std::vector<value_point>& values, money balance) {
  w.StartObject();
  w.Key("trades");
  w.StartArray();
  for (auto& f : trades)
    write_order(w, order{f.direction, f.ticker, f.shares, f.fill_price});
  w.EndArray();
  w.Key("holding");
  write_holdings(w, holding);
  w.Key("value");
  std::map<std::string, money> by_time;
  for (auto& [time, value] : values)
    by_time.insert_or_assign(format_seed_time(time), value);
  w.StartObject();
  for (auto& [key, value] : by_time) {
    w.Key(key.c_str());
    write_money(w, value);
  }
  w.EndObject();
  w.Key("balance");
  write_money(w, balance);
  w.EndObject();
}

} // namespace ledger::json
