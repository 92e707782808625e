#pragma once

// Field-by-field equality of the domain values the codecs carry (core
// defines == only for its amounts), for round-trip tests; and printers for
// Boost.Test's failure messages.

#include "core/algo_messages.hpp"
#include "core/ledger_record.hpp"
#include "core/tick_record.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/ledger_view.hpp"

#include <ostream>
#include <vector>

namespace ledger::messaging {

inline std::ostream& operator<<(std::ostream& os, command_kind k) {
  return os << to_string(k);
}

} // namespace ledger::messaging

namespace ledger::test {

inline bool same(const order& a, const order& b) {
  return a.direction == b.direction && a.ticker == b.ticker &&
         a.shares == b.shares && a.price == b.price;
}

inline bool same(const fill& a, const fill& b) {
  return a.direction == b.direction && a.ticker == b.ticker &&
         a.shares == b.shares && a.fill_price == b.fill_price &&
         a.limit == b.limit && a.fee == b.fee && a.cash_delta == b.cash_delta;
}

inline bool same(const rejection& a, const rejection& b) {
  return same(a.order, b.order) && a.code == b.code && a.reason == b.reason;
}

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i]))
      return false;
  return true;
}

inline bool same(const algo_request& a, const algo_request& b) {
  return a.ledger == b.ledger && a.tick == b.tick && a.time == b.time &&
         a.deadline == b.deadline && a.algo == b.algo &&
         a.balance == b.balance && a.positions == b.positions &&
         a.prices == b.prices && a.value == b.value &&
         same(a.trades, b.trades) && same(a.rejected, b.rejected);
}

inline bool same(const algo_reply& a, const algo_reply& b) {
  return a.ledger == b.ledger && a.tick == b.tick && same(a.orders, b.orders) &&
         same(a.malformed, b.malformed) && a.error == b.error &&
         a.error_message == b.error_message;
}

inline bool same(const tick_record& a, const tick_record& b) {
  return a.ledger == b.ledger && a.tick == b.tick && a.time == b.time &&
         a.outcome == b.outcome && a.latency == b.latency &&
         a.detail == b.detail && same(a.fills, b.fills) &&
         same(a.rejections, b.rejections) && a.value == b.value &&
         a.balance == b.balance && a.positions == b.positions;
}

inline bool same(const ledger_config& a, const ledger_config& b) {
  return a.name == b.name && a.tickers == b.tickers &&
         a.algo_path == b.algo_path && a.interval == b.interval &&
         a.lifespan == b.lifespan && a.initial_balance == b.initial_balance &&
         a.slippage_bps == b.slippage_bps && a.fee == b.fee &&
         a.tolerance_bps == b.tolerance_bps && a.calendar == b.calendar;
}

inline bool same(const ledger_record& a, const ledger_record& b) {
  return same(a.config, b.config) && a.status == b.status &&
         a.first_started == b.first_started && a.balance == b.balance &&
         a.positions == b.positions && a.last_tick == b.last_tick &&
         a.last_tick_at == b.last_tick_at && a.created_at == b.created_at;
}

inline bool same(const ledger_view& a, const ledger_view& b) {
  return same(a.record, b.record) && a.value == b.value &&
         a.backlogged == b.backlogged;
}

inline bool same(const messaging::command& a, const messaging::command& b) {
  if (a.config.has_value() != b.config.has_value())
    return false;
  return a.kind == b.kind && a.name == b.name &&
         (!a.config || same(*a.config, *b.config)) && a.start == b.start &&
         same(a.trades, b.trades) && a.holding == b.holding &&
         a.after == b.after && a.limit == b.limit;
}

} // namespace ledger::test
