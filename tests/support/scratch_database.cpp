#include "tests/support/scratch_database.hpp"

#include "persistence/connection_url.hpp"

#include <pqxx/pqxx>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>
#include <thread>

namespace ledger::test {

namespace {

std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", dist(rd));
  return buf;
}

} // namespace

std::string require_env(const char* name) {
  auto value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    throw std::runtime_error(std::string{name} +
                             " is not set: run `eval \"$(deploy/services.sh "
                             "env)\"` after `deploy/services.sh up`");
  return value;
}

scratch_database::scratch_database()
  : admin_url_(require_env("LEDGER_DATABASE_URL")),
    name_("ledger_test_" + random_suffix()),
    url_(persistence::with_database(admin_url_, name_)) {
  pqxx::connection admin{admin_url_};
  pqxx::nontransaction tx{admin};
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
}

scratch_database::~scratch_database() {
  // WITH (FORCE) ends our own leftover sessions, but fails while an
  // autovacuum worker (not ours to end) is connected: then wait for it and
  // drop plainly, a few times.
  std::string last_error;
  for (int attempt = 0; attempt < 20; ++attempt) {
    try {
      pqxx::connection admin{admin_url_};
      pqxx::nontransaction tx{admin};
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) +
              (attempt == 0 ? " WITH (FORCE)" : ""));
      return;
    } catch (const std::exception& e) {
      last_error = e.what();
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }
  std::cerr << "could not drop " << name_ << ": " << last_error << '\n';
}

} // namespace ledger::test
