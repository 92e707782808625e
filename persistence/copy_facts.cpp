#include "persistence/copy_facts.hpp"

#include "persistence/sql_values.hpp"
#include "persistence/text.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace ledger::persistence::detail {

namespace {

// Text the database accepts: engines' details and reasons, and tickers a
// model made up, may hold anything (see write_ticks).
std::string text(std::string_view s) {
  return storable(s) ? std::string{s} : repaired(s);
}

std::string word(std::string_view s) {
  return std::string{s};
}

// NULL in COPY is a null pointer here.
const char* nullable_text(const std::optional<std::string>& s) {
  return s ? s->c_str() : nullptr;
}

template <class T>
std::optional<std::string> decimal(const std::optional<T>& value) {
  if (!value)
    return std::nullopt;
  return value->to_string();
}

// Each stream sends "COPY table (columns) FROM STDIN" when made and ends
// the copy when completed: two round trips, however many rows.
void copy_ticks(pqxx::transaction_base& tx,
                const std::vector<new_record>& records,
                const std::vector<std::string>& times) {
  pqxx::stream_to out{tx, "ticks",
                      std::vector<std::string>{"ledger_id", "tick", "time",
                                               "outcome", "latency_us",
                                               "detail"}};
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = *records[i].record;
    out << std::make_tuple(
      records[i].ledger_id, r.tick, times[i], word(to_string(r.outcome)),
      static_cast<std::int64_t>(r.latency.count()), text(r.detail));
  }
  out.complete();
}

void copy_trades(pqxx::transaction_base& tx,
                 const std::vector<new_record>& records,
                 const std::vector<std::string>& times) {
  pqxx::stream_to out{tx, "trades",
                      std::vector<std::string>{"ledger_id", "tick", "n", "time",
                                               "side", "ticker", "quantity",
                                               "price", "limit_price", "fee",
                                               "cash_delta"}};
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = *records[i].record;
    for (std::size_t n = 0; n < r.fills.size(); ++n) {
      auto& f = r.fills[n];
      auto limit = decimal(f.limit);
      out << std::make_tuple(
        records[i].ledger_id, r.tick, static_cast<std::int64_t>(n), times[i],
        word(to_string(f.direction)), text(f.ticker),
        static_cast<std::int64_t>(f.shares.shares()), f.fill_price.to_string(),
        nullable_text(limit), f.fee.to_string(), f.cash_delta.to_string());
    }
  }
  out.complete();
}

void copy_rejections(pqxx::transaction_base& tx,
                     const std::vector<new_record>& records,
                     const std::vector<std::string>& times) {
  pqxx::stream_to out{tx, "rejections",
                      std::vector<std::string>{"ledger_id", "tick", "n", "time",
                                               "side", "ticker", "quantity",
                                               "price", "code", "reason"}};
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = *records[i].record;
    for (std::size_t n = 0; n < r.rejections.size(); ++n) {
      auto& j = r.rejections[n];
      auto limit = decimal(j.order.price);
      out << std::make_tuple(
        records[i].ledger_id, r.tick, static_cast<std::int64_t>(n), times[i],
        word(to_string(j.order.direction)), text(j.order.ticker),
        static_cast<std::int64_t>(j.order.shares.shares()),
        nullable_text(limit), word(to_string(j.code)), text(j.reason));
    }
  }
  out.complete();
}

void copy_valuations(pqxx::transaction_base& tx,
                     const std::vector<new_record>& records,
                     const std::vector<std::string>& times) {
  pqxx::stream_to out{
    tx, "valuations",
    std::vector<std::string>{"ledger_id", "tick", "time", "value", "balance"}};
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& r = *records[i].record;
    if (r.value)
      out << std::make_tuple(records[i].ledger_id, r.tick, times[i],
                             r.value->to_string(), r.balance.to_string());
  }
  out.complete();
}

} // namespace

void copy_facts(pqxx::transaction_base& tx,
                const std::vector<new_record>& records) {
  // Each record's time once, as COPY reads it, for all its rows.
  std::vector<std::string> times;
  times.reserve(records.size());
  bool fills = false;
  bool rejections = false;
  bool values = false;
  for (auto& r : records) {
    times.push_back(timestamptz_text(r.record->time));
    fills = fills || !r.record->fills.empty();
    rejections = rejections || !r.record->rejections.empty();
    values = values || r.record->value.has_value();
  }
  copy_ticks(tx, records, times);
  if (fills)
    copy_trades(tx, records, times);
  if (rejections)
    copy_rejections(tx, records, times);
  if (values)
    copy_valuations(tx, records, times);
}

} // namespace ledger::persistence::detail
