// store::write_ticks: a batch of tick records in one call of the database
// function write_tick_batch (migration 7), alone in its transaction: one
// round trip, however many records and facts the batch holds. The function
// reads the fence, locks the batch's ledgers, keeps the records whose
// (ledger, tick) is new, inserts their facts and moves each ledger's book
// (docs/persistence.md, "Idempotency"). Here the batch becomes its
// parallel arrays: repeats of a (ledger, tick) and names no ledger can
// have left out, free text repaired, each ledger's id when remembered.

#include "core/engine_shard.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"
#include "persistence/text.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace ledger::persistence {

namespace {

using detail::array_literal;
using detail::session;
using detail::statement;

const statement& write_tick_batch() {
  static const statement s{
    "write_tick_batch",
    "SELECT written, refused, ledger_ids, ledger_names FROM write_tick_batch("
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
    " $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)"};
  return s;
}

// Text the database accepts: engines' details and reasons, and tickers a
// model made up, may hold anything (persistence/text.hpp).
std::string text(std::string_view s) {
  return detail::storable(s) ? std::string{s} : detail::repaired(s);
}

// An element that may be SQL NULL: ids and shards as numbers, decimals
// (prices, values) as their exact text.
void push_or_null(array_literal& a, const std::optional<std::int64_t>& n) {
  if (n)
    a.push(*n);
  else
    a.push_null();
}

template <class Decimal>
void push_or_null(array_literal& a, const std::optional<Decimal>& d) {
  if (d)
    a.push(d->to_string());
  else
    a.push_null();
}

// The records' columns, one element per record in batch order.
struct record_arrays {
  array_literal id, name, shard, tick, time, outcome, latency_us, detail, value,
    balance, holdings;
};

// Fills and rejections, each naming its record by 1-based position.
struct fill_arrays {
  array_literal record, n, side, ticker, quantity, price, limit, fee,
    cash_delta;
};

struct rejection_arrays {
  array_literal record, n, side, ticker, quantity, price, code, reason;
};

// Which shards a fenced write sends, and at which epoch.
struct fence_arrays {
  array_literal shard, epoch;
};

class batch_arrays {
public:
  void add(const tick_record& r, std::optional<std::int64_t> id,
           std::optional<std::int64_t> shard) {
    ++count_;
    push_or_null(records_.id, id);
    records_.name.push(r.ledger);
    push_or_null(records_.shard, shard);
    records_.tick.push(r.tick);
    records_.time.push(detail::timestamptz_text(r.time));
    records_.outcome.push(to_string(r.outcome));
    records_.latency_us.push(static_cast<std::int64_t>(r.latency.count()));
    records_.detail.push(text(r.detail));
    push_or_null(records_.value, r.value);
    records_.balance.push(r.balance.to_string());
    records_.holdings.push(detail::holdings_json(r.positions));
    for (std::size_t n = 0; n < r.fills.size(); ++n)
      add_fill(r.fills[n], static_cast<std::int64_t>(n));
    for (std::size_t n = 0; n < r.rejections.size(); ++n)
      add_rejection(r.rejections[n], static_cast<std::int64_t>(n));
  }

  bool empty() const { return count_ == 0; }

  pqxx::result write(session& db, pqxx::transaction_base& tx,
                     const fence_arrays* fence) const {
    auto& r = records_;
    auto& f = fills_;
    auto& j = rejections_;
    std::optional<std::string> shards, epochs;
    if (fence != nullptr) {
      shards = fence->shard.str();
      epochs = fence->epoch.str();
    }
    return db.exec(
      tx, write_tick_batch(), r.id.str(), r.name.str(), r.shard.str(),
      r.tick.str(), r.time.str(), r.outcome.str(), r.latency_us.str(),
      r.detail.str(), r.value.str(), r.balance.str(), r.holdings.str(),
      f.record.str(), f.n.str(), f.side.str(), f.ticker.str(), f.quantity.str(),
      f.price.str(), f.limit.str(), f.fee.str(), f.cash_delta.str(),
      j.record.str(), j.n.str(), j.side.str(), j.ticker.str(), j.quantity.str(),
      j.price.str(), j.code.str(), j.reason.str(), detail::nullable(shards),
      detail::nullable(epochs));
  }

private:
  void add_fill(const fill& x, std::int64_t n) {
    fills_.record.push(count_);
    fills_.n.push(n);
    fills_.side.push(to_string(x.direction));
    fills_.ticker.push(text(x.ticker));
    fills_.quantity.push(static_cast<std::int64_t>(x.shares.shares()));
    fills_.price.push(x.fill_price.to_string());
    push_or_null(fills_.limit, x.limit);
    fills_.fee.push(x.fee.to_string());
    fills_.cash_delta.push(x.cash_delta.to_string());
  }

  void add_rejection(const rejection& x, std::int64_t n) {
    rejections_.record.push(count_);
    rejections_.n.push(n);
    rejections_.side.push(to_string(x.order.direction));
    rejections_.ticker.push(text(x.order.ticker));
    rejections_.quantity.push(
      static_cast<std::int64_t>(x.order.shares.shares()));
    push_or_null(rejections_.price, x.order.price);
    rejections_.code.push(to_string(x.code));
    rejections_.reason.push(text(x.reason));
  }

  std::int64_t count_ = 0;
  record_arrays records_;
  fill_arrays fills_;
  rejection_arrays rejections_;
};

std::vector<int> int_array(const pqxx::field& f, std::string_view what) {
  std::vector<int> out;
  for (auto& e : detail::text_array_of(f, what))
    out.push_back(std::stoi(e));
  return out;
}

// The ledgers the function locked: the ids to remember from now on. A
// name the batch wrote for that was not found is deleted: forgotten.
void remember(detail::ledger_ids& ids, const pqxx::row& row,
              const std::set<std::string_view>& named) {
  auto locked_ids = detail::text_array_of(row[2], "locked ledger ids");
  auto locked_names = detail::text_array_of(row[3], "locked ledger names");
  for (auto name : named)
    ids.forget(name);
  for (std::size_t i = 0; i < locked_ids.size() && i < locked_names.size(); ++i)
    ids.remember(locked_names[i], std::stoll(locked_ids[i]));
}

fenced_write write_batch(session& db, detail::ledger_ids& ids,
                         const std::vector<tick_record>& records,
                         const write_fence* fence) {
  std::set<int> not_held; // refused without asking: no lease on them
  std::set<int> held;
  batch_arrays batch;
  std::set<std::pair<std::string_view, std::int64_t>> seen;
  std::set<std::string_view> named;
  for (auto& r : records) {
    // A name no ledger can have (not storable text) names no ledger; the
    // first record of a (ledger, tick) wins.
    if (!detail::storable(r.ledger) || !seen.emplace(r.ledger, r.tick).second)
      continue;
    std::optional<int> shard;
    if (fence != nullptr) {
      shard = engine_shard_of(r.ledger, fence->shards);
      if (fence->epochs.count(*shard) == 0) {
        not_held.insert(*shard);
        continue;
      }
      held.insert(*shard);
    }
    named.insert(r.ledger);
    batch.add(r, ids.find(r.ledger), shard);
  }
  fenced_write result;
  result.refused.assign(not_held.begin(), not_held.end());
  if (batch.empty())
    return result;
  fence_arrays sent;
  for (int shard : held) {
    sent.shard.push(shard);
    sent.epoch.push(fence->epochs.at(shard));
  }
  pqxx::nontransaction tx{db.connection()};
  pqxx::row row;
  try {
    row = batch.write(db, tx, fence != nullptr ? &sent : nullptr).at(0);
  } catch (const pqxx::broken_connection& e) {
    // The call is its own transaction: cut off once sent, it may have
    // committed. Writing the batch again is safe (idempotent).
    throw pqxx::in_doubt_error{e.what()};
  } catch (const pqxx::sql_error& e) {
    if (tx.conn().is_open())
      throw;
    throw pqxx::in_doubt_error{e.what()};
  }
  result.written = row[0].as<std::size_t>();
  for (int shard : int_array(row[1], "refused shards"))
    result.refused.push_back(shard);
  std::sort(result.refused.begin(), result.refused.end());
  remember(ids, row, named);
  return result;
}

} // namespace

std::size_t store::write_ticks(const std::vector<tick_record>& records) {
  if (records.empty())
    return 0;
  return impl_->db.run("write ticks", [&](session& db) {
    return write_batch(db, impl_->ids, records, nullptr).written;
  });
}

fenced_write store::write_ticks(const std::vector<tick_record>& records,
                                const write_fence& fence) {
  if (records.empty())
    return {};
  return impl_->db.run("write ticks", [&](session& db) {
    return write_batch(db, impl_->ids, records, &fence);
  });
}

} // namespace ledger::persistence
