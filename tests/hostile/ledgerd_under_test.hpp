#pragma once

// ledgerd as a program (no broker: nothing here involves a worker) on an
// ephemeral port against a scratch database, with a baseline ledger, and
// the two checks every hostile request is followed by: the process lives,
// and the database holds exactly what it held before.

#include "tests/support/http_client.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <memory>
#include <string>

namespace ledger::test {

inline constexpr const char* hostile_key = "hostile-test-key-5e1f09";

class ledgerd_under_test {
public:
  /// Starts ledgerd and creates the stopped ledger "base" (AAPL, one
  /// reported buy), so refused mutations have something to change.
  ledgerd_under_test();
  ~ledgerd_under_test();

  unsigned short port() const { return port_; }

  /// The process is running and answers /healthz with 200.
  bool alive();

  /// Every row that matters, as text: ledgers with their books, and the
  /// number of facts and idempotency keys.
  std::string fingerprint();

  /// Sends raw bytes on a fresh connection (half-closing after them) and
  /// returns the whole answer.
  std::string exchange(const std::string& bytes);

  /// The server's output so far.
  std::string output() const { return ledgerd_->output(); }

private:
  scratch_database db_;
  std::unique_ptr<program> ledgerd_;
  struct sql; ///< a libpqxx connection to the scratch database
  std::unique_ptr<sql> sql_;
  unsigned short port_ = 0;
};

/// "METHOD target HTTP/1.1" with Host, the given extra header lines
/// ("Name: value\r\n" each), Content-Length when `body` is not empty, and
/// Connection: close.
std::string http_request(const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::string& headers = "");

/// The same with the test key.
std::string keyed_request(const std::string& method, const std::string& target,
                          const std::string& body = "");

/// The status code of a raw answer (0 when none).
int status_of(const std::string& answer);

/// The body of a raw answer (after the blank line; "" when none).
std::string body_of(const std::string& answer);

/// True when the body is a strict JSON error {"error": {"code", "message"}}.
bool is_json_error(const std::string& body);

} // namespace ledger::test
