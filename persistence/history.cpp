// Reads for clients of large ledgers: value history downsampled into time
// buckets, and the ledger's version for validating cached views.

#include "persistence/reads.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

#include <stdexcept>

namespace ledger::persistence {

using detail::session;

std::vector<value_bucket> store::value_buckets(std::string_view ledger,
                                               std::chrono::microseconds step,
                                               std::optional<timestamp> from,
                                               std::optional<timestamp> to) {
  if (step.count() <= 0)
    throw std::invalid_argument("persistence: value buckets: the step must "
                                "be positive");
  return impl_->db.run("read value buckets", [&](session& db) {
    using namespace detail;
    auto lower = micros_text(from);
    auto upper = micros_text(to);
    auto bucket_of = [](const pqxx::row& row) {
      return value_bucket{time_of(row[0], "value bucket start"),
                          row[1].as<std::int64_t>(),
                          time_of(row[2], "value bucket time"),
                          money_of(row[3], "valuations.value"),
                          money_of(row[4], "valuations.value"),
                          money_of(row[5], "valuations.value"),
                          row[6].as<std::int64_t>()};
    };
    return read_facts(db, impl_->ids, ledger, select_value_buckets(), bucket_of,
                      static_cast<std::int64_t>(step.count()), nullable(lower),
                      nullable(upper));
  });
}

std::optional<ledger_version> store::version(std::string_view ledger) {
  return impl_->db.run(
    "read version", [&](session& db) -> std::optional<ledger_version> {
      pqxx::nontransaction tx{db.connection()};
      auto result = db.exec(tx, detail::select_version(), std::string{ledger});
      if (result.empty())
        return std::nullopt;
      return ledger_version{result[0][0].as<std::int64_t>(),
                            result[0][1].as<std::int64_t>(),
                            result[0][2].as<std::int64_t>()};
    });
}

} // namespace ledger::persistence
