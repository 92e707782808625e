// Reads for clients of large ledgers: value history downsampled into time
// buckets, and the ledger's version for validating cached views.

#include "core/history_step.hpp"
#include "persistence/reads.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

#include <cstdint>
#include <stdexcept>

namespace ledger::persistence {

using detail::session;

namespace {

// The longest window one page may cover: ten thousand years, so that
// limit * step stays far inside bigint and TIMESTAMPTZ however large the
// limit a caller passes (the REST limit is at most 1000 buckets).
constexpr std::int64_t max_window_micros = 10'000LL * 366 * 86'400'000'000;

std::int64_t window_micros(const bucket_request& r) {
  auto window = static_cast<__int128>(r.limit) * r.step.count();
  return window > max_window_micros ? max_window_micros
                                    : static_cast<std::int64_t>(window);
}

} // namespace

bucket_page store::value_buckets(std::string_view ledger,
                                 const bucket_request& request) {
  if (request.step.count() <= 0)
    throw std::invalid_argument("persistence: value buckets: the step must "
                                "be positive");
  if (request.limit == 0)
    throw std::invalid_argument("persistence: value buckets: the limit must "
                                "be positive");
  // The page starts at the later of `from` and the bucket after the
  // cursor's: the scan's lower bound, so earlier points are not read.
  auto lower_bound = request.from;
  if (request.after) {
    auto next = next_bucket_start(*request.after, request.step);
    if (!lower_bound || *lower_bound < next)
      lower_bound = next;
  }
  return impl_->db.run("read value buckets", [&](session& db) {
    using namespace detail;
    auto lower = micros_text(lower_bound);
    auto upper = micros_text(request.to);
    bool more = false;
    auto bucket_of = [&more](const pqxx::row& row) {
      more = row[8].as<bool>();
      return value_bucket{time_of(row[0], "value bucket start"),
                          row[1].as<std::int64_t>(),
                          time_of(row[2], "value bucket time"),
                          money_of(row[3], "valuations.value"),
                          money_of(row[4], "valuations.balance"),
                          money_of(row[5], "valuations.value"),
                          money_of(row[6], "valuations.value"),
                          row[7].as<std::int64_t>()};
    };
    auto buckets =
      read_facts(db, impl_->ids, ledger, select_value_buckets(), bucket_of,
                 static_cast<std::int64_t>(request.step.count()),
                 nullable(lower), nullable(upper), window_micros(request));
    return bucket_page{std::move(buckets), more};
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
