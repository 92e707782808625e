#include "persistence/session.hpp"

#include "persistence/connection_url.hpp"

#include <stdexcept>

namespace ledger::persistence::detail {

namespace {

// Long enough for a loaded server, short enough that a dead address fails a
// start-up promptly instead of hanging for the OS's TCP timeout.
constexpr int connect_timeout_seconds = 5;

// SQLSTATEs after which the server has closed the session: connection
// exceptions (class 08) and the shutdown family (57P01..57P03).
bool ends_session(const std::string& sqlstate) {
  return sqlstate.compare(0, 2, "08") == 0 || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.remove_suffix(1);
  return text;
}

} // namespace

session::session(std::string url)
  : url_(with_connect_timeout(url, connect_timeout_seconds)) {
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
                             bool may_retry) {
  // A failure on a connection that has gone away: drop it so the next
  // attempt reconnects; retry now only if the connection predates this call.
  auto on_lost = [&](std::string_view detail) {
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
    lost(what, "the connection broke during COMMIT; whether it took effect "
               "is unknown");
  } catch (const pqxx::broken_connection& e) {
    on_lost(e.what());
  } catch (const pqxx::sql_error& e) {
    if (ends_session(e.sqlstate()) || (conn_ && !conn_->is_open())) {
      on_lost(e.what());
      return;
    }
    throw std::runtime_error(message(what, e.what()));
  } catch (const pqxx::pqxx_exception& e) {
    if (conn_ && !conn_->is_open()) {
      on_lost(e.base().what());
      return;
    }
    throw std::runtime_error(message(what, e.base().what()));
  }
  // Anything else (store_unavailable from connection(), our own decoding
  // errors, schema_too_new) has already left by the rethrow above.
}

} // namespace ledger::persistence::detail
