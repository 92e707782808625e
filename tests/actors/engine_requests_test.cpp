// The engine's answers to clients: a ledger restarted after its actor
// failed, the registry's coded errors, reported trades applied all or
// nothing, and a report answered only once committed (split from
// engine_test.cpp, which keeps the tick path).

#include "actors/errors.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/actors/engine_fixture.hpp"
#include "tests/actors/scripted_algorithm.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/send.hpp>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(a_failed_ledger_is_restarted_from_its_last_commit) {
  engine_fixture f;
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()));
  f.quote("AAPL", "50");
  f.quote("GOOG", "60");
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("phoenix"),
                     true);
  f.advance(5s + 500ms);
  auto before =
    f.ask<ledger_view>(f.registry, atom::get::value, std::string{"phoenix"});
  f.fail_clock_once(); // the next tick's handler throws: the actor dies
  f.advance(1s);
  f.advance(5s);
  f.flush();
  auto after =
    f.ask<ledger_view>(f.registry, atom::get::value, std::string{"phoenix"});
  BOOST_TEST(after.record.status == ledger_status::running);
  // Ticks 1-6 ran at 0 s, ..., 5 s; the one due at 6 s killed the actor.
  // Restarted at 6 s from tick 6, its next tick is due at once: ticks at
  // 6 s, ..., 11 s.
  BOOST_TEST(before.record.last_tick == 6);
  BOOST_TEST(after.record.last_tick == before.record.last_tick + 6);
  check_invariant_in_database(f.reader, "phoenix");
  BOOST_TEST(count_outcome(f.reader, "phoenix", tick_outcome::ok) ==
             f.reader.ticks("phoenix").size());
}

BOOST_AUTO_TEST_CASE(registry_errors_are_coded) {
  engine_fixture f;
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()));
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("taken"),
                     false);
  auto dup = f.ask_error<ledger_view>(f.registry, atom::create::value,
                                      test_config("taken"), true);
  BOOST_TEST(code_of(dup) == static_cast<std::uint8_t>(ec::name_taken));
  auto bad = test_config("bad name!");
  auto invalid =
    f.ask_error<ledger_view>(f.registry, atom::create::value, bad, true);
  BOOST_TEST(code_of(invalid) == static_cast<std::uint8_t>(ec::invalid_config));
  auto unknown = f.ask_error<ledger_view>(f.registry, atom::get::value,
                                          std::string{"nobody"});
  BOOST_TEST(code_of(unknown) == static_cast<std::uint8_t>(ec::unknown_ledger));
  // Created but not started: no ticks; delete removes it everywhere.
  f.advance(3s);
  f.flush();
  BOOST_TEST(f.reader.ticks("taken").empty());
  BOOST_TEST(
    f.ask<bool>(f.registry, atom::remove::value, std::string{"taken"}));
  BOOST_TEST(!f.reader.find_ledger("taken").has_value());
  auto list = f.ask<std::vector<ledger_view>>(f.registry, atom::list::value);
  BOOST_TEST(list.empty());
}

BOOST_AUTO_TEST_CASE(reported_trades_apply_all_or_nothing) {
  engine_fixture f;
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()));
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("reports"),
                     false);
  auto q = [](std::int64_t n) { return *quantity::make(n); };
  std::vector<order> good{{side::buy, "AAPL", q(8), price::parse("176")}};
  auto applied = f.ask<report_result>(f.registry, atom::report::value,
                                      std::string{"reports"},
                                      report_request{good, std::nullopt});
  BOOST_TEST(applied.applied);
  std::vector<order> bad{{side::buy, "AAPL", q(1), price::parse("176")},
                         {side::sell, "GOOG", q(1), price::parse("112")}};
  auto refused = f.ask<report_result>(f.registry, atom::report::value,
                                      std::string{"reports"},
                                      report_request{bad, std::nullopt});
  BOOST_TEST(!refused.applied);
  f.flush();
  auto record = f.reader.find_ledger("reports");
  BOOST_TEST(record->balance == money::units(10'000 - 8 * 176));
  BOOST_TEST(f.reader.trades("reports").size() == 1u);
  BOOST_TEST(f.reader.ticks("reports").size() == 1u);
  BOOST_TEST(f.reader.ticks("reports")[0].outcome == tick_outcome::reported);
}

BOOST_AUTO_TEST_CASE(
  a_report_answers_once_committed_and_reads_wait_per_ledger) {
  engine_fixture f;
  persistence_options slow;
  slow.batch_delay = std::chrono::hours{1}; // writes an hour apart at least
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()), slow);
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("quiet"),
                     false);
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("busy"),
                     false);
  auto q = [](std::int64_t n) { return *quantity::make(n); };
  std::vector<order> buy{{side::buy, "AAPL", q(2), price::parse("100")}};
  // The first fact finds the writer idle: written at once, answered.
  BOOST_TEST(f.ask<report_result>(f.registry, atom::report::value,
                                  std::string{"quiet"},
                                  report_request{buy, std::nullopt})
               .applied);
  BOOST_TEST(f.reader.trades("quiet").size() == 1u);
  // Started, "busy" ticks; its facts wait until an hour after the last
  // write began.
  f.ask<ledger_view>(f.registry, atom::start::value, std::string{"busy"});
  BOOST_TEST(f.reader.find_ledger("busy")->status == ledger_status::created);
  BOOST_TEST(f.reader.ticks("busy").empty());
  // "quiet" has nothing queued: its flush answers at once, although
  // "busy" has facts waiting.
  BOOST_TEST(
    f.ask<bool>(f.persistence, atom::flush::value, std::string{"quiet"}));
  BOOST_TEST(f.reader.ticks("busy").empty());
  // A report is waited for: its flush writes at once, and the answer comes
  // once the trade is committed (a client told "applied" must find it even
  // if the engine dies the next moment), with the facts queued before it.
  BOOST_TEST(f.ask<report_result>(f.registry, atom::report::value,
                                  std::string{"busy"},
                                  report_request{buy, std::nullopt})
               .applied);
  BOOST_TEST(f.reader.trades("busy").size() == 1u);
  BOOST_TEST(f.reader.find_ledger("busy")->status == ledger_status::running);
  BOOST_TEST(!f.reader.ticks("busy").empty());
  // A refused report changes nothing, so it answers at once.
  std::vector<order> too_much{{side::sell, "AAPL", q(50), price::parse("100")}};
  auto refused =
    f.ask<report_result>(f.registry, atom::report::value, std::string{"busy"},
                         report_request{too_much, std::nullopt});
  BOOST_TEST(!refused.applied);
}

BOOST_AUTO_TEST_SUITE_END()
