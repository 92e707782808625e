// What the REST adapter needs beyond the ledgers' facts: a liveness probe
// and idempotency keys for reported trades (table idempotency_keys,
// migration 2).

#include "persistence/session.hpp"
#include "persistence/store.hpp"

namespace ledger::persistence {

namespace {

using detail::session;
using detail::statement;

// Inserts the claim unless the key exists; inserts nothing for an unknown
// ledger. A concurrent claim of the same key waits on the unique index for
// this one to commit, then finds it.
const statement& insert_claim() {
  static const statement s{
    "insert_idempotency_claim",
    "INSERT INTO idempotency_keys (ledger_id, key, request_hash, state)"
    " SELECT id, $2, $3, 'pending' FROM ledgers WHERE name = $1"
    " ON CONFLICT (ledger_id, key) DO NOTHING RETURNING 1"};
  return s;
}

const statement& select_claim() {
  static const statement s{
    "select_idempotency_claim",
    "SELECT k.request_hash, k.state, k.status, k.response"
    " FROM idempotency_keys k JOIN ledgers l ON l.id = k.ledger_id"
    " WHERE l.name = $1 AND k.key = $2"};
  return s;
}

const statement& finish_claim() {
  static const statement s{
    "finish_idempotency_claim",
    "UPDATE idempotency_keys k SET state = 'done', status = $3, response = $4"
    " FROM ledgers l WHERE l.id = k.ledger_id AND l.name = $1"
    " AND k.key = $2"};
  return s;
}

const statement& release_claim() {
  static const statement s{
    "release_idempotency_claim",
    "DELETE FROM idempotency_keys k USING ledgers l"
    " WHERE l.id = k.ledger_id AND l.name = $1 AND k.key = $2"
    " AND k.state = 'pending'"};
  return s;
}

} // namespace

bool store::ping() {
  return impl_->db.run("ping", [](session& db) {
    pqxx::nontransaction tx{db.connection()};
    return tx.exec1("SELECT 1")[0].as<int>() == 1;
  });
}

idempotency_claim store::claim_idempotency_key(std::string_view ledger,
                                               std::string_view key,
                                               std::string_view request_hash) {
  return impl_->db.run("claim idempotency key", [&](session& db) {
    // A claim released between our insert and our select leaves no row:
    // try again (twice is plenty; a third miss means the ledger is gone).
    for (int attempt = 0; attempt < 3; ++attempt) {
      {
        pqxx::work tx{db.connection()};
        auto inserted = db.exec(tx, insert_claim(), std::string{ledger},
                                std::string{key}, std::string{request_hash});
        tx.commit();
        if (!inserted.empty())
          return idempotency_claim{claim_state::claimed, 0, {}};
      }
      pqxx::nontransaction tx{db.connection()};
      auto found =
        db.exec(tx, select_claim(), std::string{ledger}, std::string{key});
      if (found.empty())
        continue;
      auto row = found[0];
      if (row[0].as<std::string>() != request_hash)
        return idempotency_claim{claim_state::mismatch, 0, {}};
      if (row[1].as<std::string>() != "done")
        return idempotency_claim{claim_state::in_progress, 0, {}};
      return idempotency_claim{claim_state::replay, row[2].as<int>(),
                               row[3].as<std::string>()};
    }
    return idempotency_claim{claim_state::unknown_ledger, 0, {}};
  });
}

bool store::finish_idempotency_key(std::string_view ledger,
                                   std::string_view key, int status,
                                   std::string_view response) {
  return impl_->db.run("finish idempotency key", [&](session& db) {
    pqxx::work tx{db.connection()};
    auto result = db.exec(tx, finish_claim(), std::string{ledger},
                          std::string{key}, status, std::string{response});
    tx.commit();
    return result.affected_rows() > 0;
  });
}

bool store::release_idempotency_key(std::string_view ledger,
                                    std::string_view key) {
  return impl_->db.run("release idempotency key", [&](session& db) {
    pqxx::work tx{db.connection()};
    auto result =
      db.exec(tx, release_claim(), std::string{ledger}, std::string{key});
    tx.commit();
    return result.affected_rows() > 0;
  });
}

} // namespace ledger::persistence
