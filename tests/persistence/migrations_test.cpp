// Versioned migrations against a real, fresh database per test.

#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <string>
#include <thread>
#include <vector>

using ledger::persistence::schema_too_new;
using ledger::persistence::store;

namespace {

struct fresh_database {
  ledger::test::scratch_database db;

  // One value from the database, read on a connection of its own.
  template <class T>
  T query_value(const std::string& sql) {
    pqxx::connection conn{db.url()};
    pqxx::nontransaction tx{conn};
    return tx.exec1(sql)[0].as<T>();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(migrations, fresh_database)

BOOST_AUTO_TEST_CASE(an_empty_database_reaches_the_known_version) {
  BOOST_TEST(store::known_schema_version() >= 1);
  store s{db.url()};
  BOOST_TEST(s.migrate() == store::known_schema_version());
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             store::known_schema_version());
  BOOST_TEST(query_value<int>("SELECT max(version) FROM schema_migrations") ==
             store::known_schema_version());
  BOOST_TEST(query_value<int>(
               "SELECT count(*) FROM information_schema.tables WHERE "
               "table_name IN ('ledgers', 'ticks', 'trades', 'valuations', "
               "'rejections')") == 5);
}

BOOST_AUTO_TEST_CASE(migrating_again_is_harmless) {
  store s{db.url()};
  auto first = s.migrate();
  BOOST_TEST(s.migrate() == first);
  store other{db.url()};
  BOOST_TEST(other.migrate() == first);
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             first);
}

BOOST_AUTO_TEST_CASE(a_newer_database_is_refused) {
  store s{db.url()};
  s.migrate();
  {
    pqxx::connection conn{db.url()};
    pqxx::work tx{conn};
    tx.exec0("INSERT INTO schema_migrations (version) VALUES (999)");
    tx.commit();
  }
  auto says_upgrade = [](const schema_too_new& e) {
    std::string what = e.what();
    BOOST_TEST_MESSAGE(what);
    return what.find("database schema version 999 is newer than this "
                     "ledgerd (knows up to " +
                     std::to_string(store::known_schema_version()) +
                     "); upgrade ledgerd") != std::string::npos;
  };
  BOOST_CHECK_EXCEPTION(s.migrate(), schema_too_new, says_upgrade);
  store fresh{db.url()};
  BOOST_CHECK_EXCEPTION(fresh.migrate(), schema_too_new, says_upgrade);
}

BOOST_AUTO_TEST_CASE(concurrent_migrations_do_not_collide) {
  constexpr int processes = 4;
  std::vector<int> versions(processes, -1);
  std::vector<std::string> errors(processes);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < processes; ++i)
      threads.emplace_back([&, i] {
        try {
          store s{db.url()};
          versions[i] = s.migrate();
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    for (auto& t : threads)
      t.join();
  }
  for (int i = 0; i < processes; ++i) {
    BOOST_TEST(errors[i] == "");
    BOOST_TEST(versions[i] == store::known_schema_version());
  }
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             store::known_schema_version());
}

BOOST_AUTO_TEST_SUITE_END()
