#pragma once

// Internal to the library: the one place that holds a pqxx connection and
// turns pqxx's failures into the store's. Includes <pqxx/pqxx>; store.hpp
// users never see it.

#include "persistence/ledger_ids.hpp"
#include "persistence/stall_breaker.hpp"
#include "persistence/store.hpp"

#include <pqxx/pqxx>

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace ledger::persistence::detail {

/// A named SQL statement, prepared once per connection on first use.
struct statement {
  std::string name;
  std::string sql;
};

/// One connection with the store's failure policy. A call that finds the
/// connection broken (the server restarted, an idle timeout) reconnects and
/// runs once more; a connection that cannot be (re)made is store_unavailable.
/// A value the server refuses as data is bad_value, and keeps the
/// connection: the client's bytes are not an outage.
class session {
public:
  /// Connects now; throws store_unavailable. Calls that wait on the
  /// server longer than `stall_limit` are broken off (zero: never).
  session(std::string url, std::chrono::milliseconds stall_limit);

  /// Runs `body(*this)` and returns its result. `body` opens its own
  /// transaction, so running it again after a lost connection is safe; it
  /// is retried once when the connection it started on had been idle.
  /// pqxx exceptions leave as store_unavailable (outcome_unknown when the
  /// connection broke during COMMIT), bad_value or std::runtime_error,
  /// prefixed by `what`; other exceptions pass unchanged.
  template <class Body>
  auto run(std::string_view what, Body&& body) {
    return run(what, stall_limit_, std::forward<Body>(body));
  }

  /// The same without the stall limit: for migrations.
  template <class Body>
  auto run_unbounded(std::string_view what, Body&& body) {
    return run(what, std::chrono::milliseconds{0}, std::forward<Body>(body));
  }

  /// The live connection, (re)connecting when there is none.
  pqxx::connection& connection();

  /// Executes a prepared statement, preparing it first on this connection.
  /// A text parameter with a NUL byte is refused (bad_value) before
  /// sending: libpq would cut it there and store a different value.
  template <class... Args>
  pqxx::result exec(pqxx::transaction_base& tx, const statement& s,
                    Args&&... args) {
    int n = 0;
    (refuse_nul(s, ++n, args), ...);
    prepare(s);
    return tx.exec_prepared(s.name, std::forward<Args>(args)...);
  }

  /// Executes `s` unnamed: planned for these argument values every time.
  /// For reads whose best plan depends on the ledger read (a few rows of a
  /// big table, or most of it), where a cached generic plan would have to
  /// guess how many rows one ledger has.
  template <class... Args>
  pqxx::result exec_planned(pqxx::transaction_base& tx, const statement& s,
                            Args&&... args) {
    int n = 0;
    (refuse_nul(s, ++n, args), ...);
    return tx.exec_params(s.sql, std::forward<Args>(args)...);
  }

  /// A message for an error: "persistence: <what>: <detail>", password
  /// masked.
  std::string message(std::string_view what, std::string_view detail) const;

private:
  template <class Body>
  auto run(std::string_view what, std::chrono::milliseconds limit,
           Body&& body) {
    discard_if_closed();
    for (bool may_retry = conn_ != nullptr;; may_retry = false) {
      bool stalled = false;
      try {
        // The guard ends before the catch below runs, and before
        // handle_failure may close the connection (and its socket).
        stall_guard guard{connection().sock(), limit, stalled};
        return body(*this);
      } catch (...) {
        // Returns only when the call should be tried again.
        handle_failure(what, std::current_exception(), may_retry && !stalled,
                       stalled ? limit.count() : 0);
      }
    }
  }

  void prepare(const statement& s);

  void refuse_nul(const statement& s, int n, std::string_view text) const;
  void refuse_nul(const statement& s, int n, const std::string& text) const {
    refuse_nul(s, n, std::string_view{text});
  }
  /// Numbers, and C strings (which end at their first NUL anyway).
  template <class T>
  void refuse_nul(const statement&, int, const T&) const {}

  /// Drops the connection when the server has visibly closed it (a restart,
  /// pg_terminate_backend), so the call starts on a fresh one.
  void discard_if_closed() noexcept;

  [[noreturn]] void lost(std::string_view what, std::string_view detail);

  /// `stalled_ms`: the limit the stall breaker cut the call at, or 0.
  void handle_failure(std::string_view what, std::exception_ptr error,
                      bool may_retry, long long stalled_ms);

  std::string url_;
  std::chrono::milliseconds stall_limit_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_set<std::string> prepared_; ///< on conn_
};

} // namespace ledger::persistence::detail

namespace ledger::persistence {

/// The store's state: its session and the ledger ids it has looked up.
struct store::impl {
  detail::session db;
  detail::ledger_ids ids;
};

} // namespace ledger::persistence
