#include "actors/committed_history.hpp"

#include "json/seed_view.hpp"

#include <algorithm>

namespace ledger {

void keep_shown(committed_history& h, std::int64_t last_tick,
                std::optional<std::int64_t> pending) {
  auto hidden = [&](std::int64_t tick) {
    return tick > last_tick || tick == pending;
  };
  h.trades.erase(std::remove_if(h.trades.begin(), h.trades.end(),
                                [&](auto& row) { return hidden(row.tick); }),
                 h.trades.end());
  h.values.erase(
    std::remove_if(h.values.begin(), h.values.end(),
                   [&](auto& point) { return hidden(point.tick); }),
    h.values.end());
}

std::string seed_view_json(const committed_history& h,
                           const ledger_record& record) {
  std::vector<fill> trades;
  trades.reserve(h.trades.size());
  for (auto& row : h.trades)
    trades.push_back(row.trade);
  std::vector<json::value_point> values;
  values.reserve(h.values.size());
  for (auto& point : h.values)
    values.emplace_back(point.time, point.value);
  rapidjson::StringBuffer buf;
  json::writer w{buf};
  json::write_seed_view(w, trades, record.positions, values, record.balance);
  return buf.GetString();
}

} // namespace ledger
