#pragma once

// What the store tests share: a migrated store on a scratch database and
// short constructors for exact values and times.

#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace ledger::test {

/// A time with nanoseconds, which the store floors to microseconds.
inline timestamp at(std::int64_t micros, std::int64_t extra_nanos = 0) {
  return timestamp{std::chrono::microseconds{micros}} +
         std::chrono::nanoseconds{extra_nanos};
}

inline timestamp floored(timestamp t) {
  return std::chrono::floor<std::chrono::microseconds>(t);
}

inline money cash(const char* text) {
  return money::parse(text).value();
}

inline price px(const char* text) {
  return price::parse(text).value();
}

inline quantity shares(std::int64_t n) {
  return quantity::make(n).value();
}

/// A small ledger on AAPL with 1000 in cash, created at a fixed time:
/// for tests where only its name and existence matter.
inline ledger_record plain_ledger(std::string name,
                                  std::string algo = "builtin:random") {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = std::move(algo);
  c.initial_balance = cash("1000");
  return new_ledger_record(std::move(c), at(1'700'000'000'000'000));
}

/// A store on a fresh database, migrated.
struct migrated_store {
  scratch_database db;
  persistence::store s{db.url()};
  migrated_store() { s.migrate(); }
};

} // namespace ledger::test
