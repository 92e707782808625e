#include "persistence/session.hpp"

#include "persistence/connection_url.hpp"

#include <stdexcept>
#include <string>

namespace ledger::persistence::detail {

namespace {

// Long enough for a loaded server, short enough that a dead address fails a
// start-up promptly instead of hanging for the OS's TCP timeout.
constexpr int connect_timeout_seconds = 5;

bool in_class(const std::string& sqlstate, const char* code_class) {
  return sqlstate.compare(0, 2, code_class) == 0;
}

// SQLSTATEs after which the server has closed the session: connection
// exceptions (class 08) and the shutdown family (57P01..57P03).
bool ends_session(const std::string& sqlstate) {
  return in_class(sqlstate, "08") || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

// The server cannot do it now but the session lives: insufficient
// resources (53: disk full, out of memory, too many connections) and
// system errors (58: I/O). Worth retrying later, like a lost connection.
bool server_unable(const std::string& sqlstate) {
  return in_class(sqlstate, "53") || in_class(sqlstate, "58");
}

// The statement's values were refused: data exceptions (22: bytes that are
// not UTF-8, numbers out of range, malformed input) and integrity
// violations (23). The caller's input, not the database, is at fault.
bool refused_value(const std::string& sqlstate) {
  return in_class(sqlstate, "22") || in_class(sqlstate, "23");
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.remove_suffix(1);
  return text;
}

} // namespace

session::session(std::string url, std::chrono::milliseconds stall_limit)
  : url_(with_connect_timeout(url, connect_timeout_seconds)),
    stall_limit_(stall_limit) {
  connection();
}

pqxx::connection& session::connection() {
  if (conn_)
    return *conn_;
  prepared_.clear();
  try {
    conn_ = std::make_unique<pqxx::connection>(url_);
  } catch (const pqxx::pqxx_exception& e) {
    // libpq reports unreachable hosts, refused logins and bad URLs alike as
    // a failed connection; all mean "no database right now".
    throw store_unavailable(
      message("cannot connect to " + redacted(url_), e.base().what()));
  }
  return *conn_;
}

void session::discard_if_closed() noexcept {
  if (!conn_)
    return;
  // Reads whatever the server sent while idle without blocking: a server
  // that closed the session shows up here as a broken connection, before
  // any statement is sent into the void (where libpqxx 6.4 also leaks the
  // failed result).
  try {
    conn_->get_notifs();
  } catch (...) {
    conn_.reset();
  }
  if (conn_ && !conn_->is_open())
    conn_.reset();
}

void session::refuse_nul(const statement& s, int n,
                         std::string_view text) const {
  if (text.find('\0') != std::string_view::npos)
    throw bad_value(message(s.name, "parameter $" + std::to_string(n) +
                                      " holds a NUL byte, which the database "
                                      "cannot store"),
                    "");
}

void session::prepare(const statement& s) {
  if (prepared_.count(s.name) != 0)
    return;
  connection().prepare(s.name, s.sql);
  prepared_.insert(s.name);
}

std::string session::message(std::string_view what,
                             std::string_view detail) const {
  std::string text = "persistence: ";
  text += what;
  text += ": ";
  text += trimmed(detail);
  return redact(text, url_);
}

void session::lost(std::string_view what, std::string_view detail) {
  conn_.reset();
  throw store_unavailable(message(what, detail));
}

void session::handle_failure(std::string_view what, std::exception_ptr error,
                             bool may_retry, long long stalled_ms) {
  // A failure on a connection that has gone away: drop it so the next
  // attempt reconnects; retry now only if the connection predates this call.
  auto on_lost = [&](std::string_view detail) {
    if (stalled_ms > 0)
      lost(what, "the database did not answer within " +
                   std::to_string(stalled_ms) +
                   " ms; the connection was closed");
    if (may_retry) {
      conn_.reset();
      return;
    }
    lost(what, detail);
  };
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::in_doubt_error&) {
    // Never retried here: the caller decides, knowing writes are idempotent.
    conn_.reset();
    throw outcome_unknown(
      message(what, stalled_ms > 0
                      ? "the database did not answer a commit within " +
                          std::to_string(stalled_ms) +
                          " ms; whether it took effect is unknown"
                      : std::string{"the connection broke while committing; "
                                    "whether it took effect is unknown"}));
  } catch (const pqxx::broken_connection& e) {
    on_lost(e.what());
  } catch (const pqxx::sql_error& e) {
    if (stalled_ms > 0 || ends_session(e.sqlstate()) ||
        (conn_ && !conn_->is_open())) {
      on_lost(e.what());
      return;
    }
    if (refused_value(e.sqlstate()))
      throw bad_value(message(what, e.what()), e.sqlstate());
    if (server_unable(e.sqlstate()))
      throw store_unavailable(message(what, e.what()));
    throw std::runtime_error(message(what, e.what()));
  } catch (const pqxx::pqxx_exception& e) {
    if (stalled_ms > 0 || (conn_ && !conn_->is_open())) {
      on_lost(e.base().what());
      return;
    }
    throw std::runtime_error(message(what, e.base().what()));
  }
  // Anything else (store_unavailable from connection(), our own decoding
  // errors, schema_too_new) has already left by the rethrow above.
}

} // namespace ledger::persistence::detail
