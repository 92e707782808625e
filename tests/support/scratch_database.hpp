#pragma once

#include <string>

namespace ledger::test {

/// The value of an environment variable the integration tests need; throws
/// with a message naming `deploy/services.sh env` when it is unset.
std::string require_env(const char* name);

/// A fresh, empty database on the server of LEDGER_DATABASE_URL, dropped
/// again on destruction: each test gets its own, so tests run in any order.
class scratch_database {
public:
  scratch_database();
  ~scratch_database();
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  /// A connection URL for the scratch database.
  const std::string& url() const { return url_; }

  const std::string& name() const { return name_; }

private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

} // namespace ledger::test
