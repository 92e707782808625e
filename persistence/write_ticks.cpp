// store::write_ticks: a batch of tick records in one transaction and a
// fixed handful of round trips, however many records and facts it holds:
//
// 1. lock the batch's ledgers (FOR NO KEY UPDATE, in id order, so
//    concurrent batches cannot deadlock, and a concurrent delete waits for
//    this commit), by the ids the store remembers (an integer lookup; by
//    name, text compared against every name of the batch, this was a third
//    of the server's time at 5,000 ticks/s) and by name only for names not
//    seen yet; a ledger already deleted is absent, its records skipped;
// 2. the idempotency gate: a record is new unless its tick is at or below
//    the ledger's last_tick and stored already (asked only for those, so a
//    batch of fresh ticks costs no query). The locks make the answer hold
//    until commit: every writer of a ledger's facts holds its lock;
// 3. the new records' facts by COPY (persistence/copy_facts.cpp);
// 4. per ledger, the last record written (in batch order, the order its
//    book changed in) sets balance and holdings; last_tick and
//    last_tick_at come from the highest tick and only move forward; the
//    revision counts writes.
//
// Fenced (docs/scale-out.md), step 0 comes first: the epochs of the
// batch's shards, read under a share lock (a takeover's epoch raise waits
// for this commit, and this write waits for a raise already made), decide
// which records may be written at all.

#include "core/engine_shard.hpp"
#include "persistence/copy_facts.hpp"
#include "persistence/fence.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"
#include "persistence/text.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace ledger::persistence {

namespace {

using detail::array_literal;
using detail::new_record;
using detail::session;
using detail::sql_time;
using detail::statement;

const statement& lock_ledgers_by_id() {
  static const statement s{
    "lock_ledgers_by_id",
    "SELECT id, name, last_tick FROM ledgers WHERE id = ANY($1::bigint[])"
    " ORDER BY id FOR NO KEY UPDATE"};
  return s;
}

const statement& lock_ledgers_by_name() {
  static const statement s{
    "lock_ledgers_by_name",
    "SELECT id, name, last_tick FROM ledgers WHERE name = ANY($1::text[])"
    " ORDER BY id FOR NO KEY UPDATE"};
  return s;
}

// Which of these (ledger, tick) pairs are stored: one primary key lookup
// each. A statement of its own, after the locks: in READ COMMITTED it sees
// every batch committed before the locks were granted.
const statement& stored_ticks() {
  static const statement s{
    "stored_ticks", "SELECT t.ledger_id, t.tick FROM ticks t"
                    " JOIN unnest($1::bigint[], $2::bigint[]) AS u(l, tick)"
                    " ON t.ledger_id = u.l AND t.tick = u.tick"};
  return s;
}

const statement& advance_ledgers() {
  static const statement s{
    "advance_ledgers",
    "UPDATE ledgers AS l SET balance = u.b::numeric, holdings = u.h::jsonb,"
    " last_tick = GREATEST(l.last_tick, u.t),"
    " last_tick_at = GREATEST(l.last_tick_at, " +
      sql_time("u.us") +
      "), revision = l.revision + 1 FROM unnest($1::bigint[], $2::bigint[],"
      " $3::bigint[], $4::text[], $5::text[]) AS u(id, t, us, b, h)"
      " WHERE l.id = u.id"};
  return s;
}

const statement& shard_epochs() {
  static const statement s{"shard_epochs",
                           "SELECT shard, epoch FROM engine_shards"
                           " WHERE shard = ANY($1::integer[]) ORDER BY shard"
                           " FOR SHARE"};
  return s;
}

// Step 0: the shards of the batch this node may not write: those it holds
// no lease on, and those whose epoch in the database is no longer the one
// it holds (another node took them over).
} // namespace

std::set<int> detail::refused_shards(session& db, pqxx::transaction_base& tx,
                                     const std::set<int>& asked,
                                     const write_fence& fence) {
  std::set<int> refused;
  array_literal held;
  for (int shard : asked)
    if (fence.epochs.count(shard) > 0)
      held.push(shard);
    else
      refused.insert(shard);
  if (held.empty())
    return refused;
  std::map<int, std::int64_t> current;
  for (const auto& row : db.exec(tx, shard_epochs(), held.str()))
    current[row[0].as<int>()] = row[1].as<std::int64_t>();
  for (int shard : asked) {
    auto mine = fence.epochs.find(shard);
    auto now = current.find(shard);
    if (mine != fence.epochs.end() &&
        (now == current.end() || now->second != mine->second))
      refused.insert(shard);
  }
  return refused;
}

namespace {

// The shards of a batch's records that this node may not write.
std::set<int> refused_shards(session& db, pqxx::transaction_base& tx,
                             const std::vector<tick_record>& records,
                             const write_fence& fence) {
  std::set<int> asked;
  for (auto& r : records)
    asked.insert(engine_shard_of(r.ledger, fence.shards));
  return detail::refused_shards(db, tx, asked, fence);
}

// Which records a fenced write leaves out: those of refused shards.
struct exclusion {
  const std::set<int>* shards = nullptr;
  int count = 0;

  bool excludes(const tick_record& r) const {
    return shards != nullptr && !shards->empty() &&
           shards->count(engine_shard_of(r.ledger, count)) > 0;
  }
};

struct ledger_row {
  std::int64_t id;
  std::int64_t last_tick;
};

// The batch without repeats (the first record for a (ledger, tick) wins)
// and without names no ledger can have (not storable text), and the
// distinct names it writes for.
std::vector<const tick_record*> distinct(const std::vector<tick_record>& all,
                                         const exclusion& excluded,
                                         std::set<std::string_view>& named) {
  std::vector<const tick_record*> out;
  std::set<std::pair<std::string_view, std::int64_t>> seen;
  for (auto& r : all) {
    if (!detail::storable(r.ledger) || excluded.excludes(r) ||
        !seen.emplace(r.ledger, r.tick).second)
      continue;
    out.push_back(&r);
    named.insert(r.ledger);
  }
  return out;
}

using locked_ledgers = std::map<std::string, ledger_row, std::less<>>;

void take_rows(const pqxx::result& rows, locked_ledgers& out) {
  for (const auto& row : rows)
    out.insert_or_assign(
      row[1].as<std::string>(),
      ledger_row{row[0].as<std::int64_t>(), row[2].as<std::int64_t>()});
}

// Step 1: locks the ledgers named; remembers their ids. A remembered id
// that now belongs to no ledger of that name (deleted, perhaps created
// again) is forgotten and looked up by name.
locked_ledgers lock(session& db, detail::ledger_ids& ids,
                    pqxx::transaction_base& tx,
                    const std::set<std::string_view>& named) {
  array_literal known;
  for (auto name : named)
    if (auto id = ids.find(name))
      known.push(*id);
  locked_ledgers out;
  if (!known.empty())
    take_rows(db.exec(tx, lock_ledgers_by_id(), known.str()), out);
  array_literal unknown;
  for (auto name : named)
    if (out.find(name) == out.end()) {
      ids.forget(name);
      unknown.push(name);
    }
  if (!unknown.empty())
    take_rows(db.exec(tx, lock_ledgers_by_name(), unknown.str()), out);
  for (auto& [name, row] : out)
    ids.remember(name, row.id);
  return out;
}

// Steps 1 and 2: the records that are new, with their ledgers' ids.
std::vector<new_record> gate(session& db, detail::ledger_ids& ids,
                             pqxx::transaction_base& tx,
                             const std::vector<tick_record>& records,
                             const exclusion& excluded) {
  std::set<std::string_view> named;
  auto batch = distinct(records, excluded, named);
  auto ledgers = lock(db, ids, tx, named);
  std::vector<new_record> known;
  array_literal asked_ids, asked_ticks;
  for (auto* r : batch) {
    auto l = ledgers.find(r->ledger);
    if (l == ledgers.end())
      continue; // deleted, or never existed: nothing to attach facts to
    known.push_back(new_record{l->second.id, r});
    // Above last_tick, no such tick can be stored.
    if (r->tick <= l->second.last_tick) {
      asked_ids.push(l->second.id);
      asked_ticks.push(r->tick);
    }
  }
  if (asked_ids.empty())
    return known;
  std::set<std::pair<std::int64_t, std::int64_t>> stored;
  for (const auto& row :
       db.exec(tx, stored_ticks(), asked_ids.str(), asked_ticks.str()))
    stored.emplace(row[0].as<std::int64_t>(), row[1].as<std::int64_t>());
  std::vector<new_record> fresh;
  for (auto& k : known)
    if (stored.count({k.ledger_id, k.record->tick}) == 0)
      fresh.push_back(k);
  return fresh;
}

// Step 4.
void advance(session& db, pqxx::transaction_base& tx,
             const std::vector<new_record>& written) {
  // By ledger id: the last record written (its book) and the highest tick.
  std::map<std::int64_t, std::pair<const tick_record*, const tick_record*>>
    latest;
  for (auto& w : written) {
    auto& [last, highest] = latest[w.ledger_id];
    last = w.record;
    if (highest == nullptr || highest->tick < w.record->tick)
      highest = w.record;
  }
  array_literal id, tick, micros, balance, holdings;
  for (auto& [ledger_id, pair] : latest) {
    auto [last, highest] = pair;
    id.push(ledger_id);
    tick.push(highest->tick);
    micros.push(detail::to_micros(highest->time));
    balance.push(last->balance.to_string());
    holdings.push(detail::holdings_json(last->positions));
  }
  db.exec(tx, advance_ledgers(), id.str(), tick.str(), micros.str(),
          balance.str(), holdings.str());
}

fenced_write write_batch(session& db, detail::ledger_ids& ids,
                         const std::vector<tick_record>& records,
                         const write_fence* fence) {
  pqxx::work tx{db.connection()};
  std::set<int> refused;
  exclusion excluded;
  if (fence != nullptr) {
    refused = refused_shards(db, tx, records, *fence);
    excluded = exclusion{&refused, fence->shards};
  }
  auto written = gate(db, ids, tx, records, excluded);
  if (!written.empty()) {
    detail::copy_facts(tx, written);
    advance(db, tx, written);
  }
  tx.commit();
  return fenced_write{written.size(), {refused.begin(), refused.end()}};
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
