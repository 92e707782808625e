// store::migrate: brings the schema up to this binary's version, one
// migration per transaction, safely from several processes at once.

#include "persistence/migrations.hpp"
#include "persistence/session.hpp"
#include "persistence/store.hpp"

#include <string>

namespace ledger::persistence {

namespace {

// The advisory lock every ledgerd takes to migrate: "ledger" in ASCII. A
// transaction-level lock, so it is released by COMMIT or by the connection
// dying, never leaked.
constexpr const char* lock_sql =
  "SELECT pg_advisory_xact_lock(119182731994482)";

constexpr const char* create_table_sql =
  "CREATE TABLE IF NOT EXISTS schema_migrations ("
  " version int PRIMARY KEY,"
  " applied_at timestamptz NOT NULL DEFAULT now())";

} // namespace

int store::known_schema_version() {
  return static_cast<int>(migrations().size());
}

int store::migrate() {
  return impl_->db.run_unbounded("migrate", [](detail::session& db) {
    const int known = known_schema_version();
    // Each pass applies one migration under the lock and re-reads the
    // version, so a process that waited on the lock sees its peer's work.
    for (;;) {
      pqxx::work tx{db.connection()};
      tx.exec(lock_sql);
      // Checked first: CREATE ... IF NOT EXISTS would still demand the
      // CREATE privilege (and log a notice) when the table exists.
      if (tx.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0]
            .as<bool>())
        tx.exec0(create_table_sql);
      auto current =
        tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0]
          .as<int>();
      if (current > known)
        throw schema_too_new("database schema version " +
                             std::to_string(current) +
                             " is newer than this ledgerd (knows up to " +
                             std::to_string(known) + "); upgrade ledgerd");
      if (current == known) {
        tx.commit();
        return current;
      }
      tx.exec0(std::string{migrations()[current]});
      tx.exec_params0("INSERT INTO schema_migrations (version) VALUES ($1)",
                      current + 1);
      tx.commit();
    }
  });
}

} // namespace ledger::persistence
