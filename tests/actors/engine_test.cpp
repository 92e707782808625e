// The engine's tick path on a real Postgres: ticks recorded exactly, the
// book's invariant over many ticks, restarts without gap or duplicate,
// lifespans, timeouts, stops and out-of-order commits. Clients' requests
// are in engine_requests_test.cpp.

#include "actors/errors.hpp"
#include "core/execution.hpp"
#include "core/valuation.hpp"
#include "tests/actors/database_checks.hpp"
#include "tests/actors/engine_fixture.hpp"
#include "tests/actors/scripted_algorithm.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_response_promise.hpp>

#include <algorithm>
#include <random>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(ticks_land_in_postgres_exactly) {
  engine_fixture f;
  auto memory = std::make_shared<scripted_memory>();
  f.boot(scripted_algorithm(memory));
  f.quote("AAPL", "176");
  f.quote("GOOG", "112.5");
  auto view = f.ask<ledger_view>(f.registry, atom::create::value,
                                 test_config("exact"), true);
  BOOST_TEST(view.record.status == ledger_status::running);
  f.advance(9s + 500ms); // ticks at 0s, 1s, ..., 9s
  f.flush();
  auto ticks = f.reader.ticks("exact");
  BOOST_REQUIRE_EQUAL(ticks.size(), 10u);
  for (auto& t : ticks)
    BOOST_TEST(t.outcome == tick_outcome::ok);
  // Replay the same orders through core to know what must be stored.
  book expected{money::units(10'000)};
  auto rules = rules_of(test_config("exact"));
  price_map prices{{"AAPL", *price::parse("176")},
                   {"GOOG", *price::parse("112.5")}};
  std::vector<fill> fills;
  std::vector<rejection> rejections;
  for (std::int64_t t = 1; t <= 10; ++t)
    for (auto& o : apply_orders(expected, scripted_orders(t), prices, rules)) {
      if (auto fl = std::get_if<fill>(&o))
        fills.push_back(*fl);
      else
        rejections.push_back(std::get<rejection>(o));
    }
  auto trades = f.reader.trades("exact");
  BOOST_REQUIRE_EQUAL(trades.size(), fills.size());
  for (std::size_t i = 0; i < fills.size(); ++i) {
    BOOST_TEST(trades[i].trade.ticker == fills[i].ticker);
    BOOST_TEST(trades[i].trade.shares.shares() == fills[i].shares.shares());
    BOOST_TEST(trades[i].trade.fill_price.micros() ==
               fills[i].fill_price.micros());
  }
  auto stored_rejections = f.reader.rejections("exact");
  BOOST_REQUIRE_EQUAL(stored_rejections.size(), rejections.size());
  for (std::size_t i = 0; i < rejections.size(); ++i)
    BOOST_TEST(stored_rejections[i].what.code == rejections[i].code);
  // Every tick has a value point: balance plus holdings at 176 / 112.5.
  auto values = f.reader.valuations("exact");
  BOOST_REQUIRE_EQUAL(values.size(), 10u);
  auto record = f.reader.find_ledger("exact");
  BOOST_TEST(record->balance.micros() == expected.balance().micros());
  BOOST_TEST(values.back().value.micros() ==
             value_of(expected, prices)->micros());
  // The model was told of tick 4's rejection (selling 5 GOOG while holding
  // 4) with the following request.
  BOOST_REQUIRE_EQUAL(memory->rejected_seen.at(5).size(), 1u);
  BOOST_TEST(memory->rejected_seen.at(5)[0].code ==
             reject_code::insufficient_holdings);
  check_invariant_in_database(f.reader, "exact");
}

BOOST_AUTO_TEST_CASE(invariant_holds_after_hundreds_of_ticks) {
  engine_fixture f;
  auto memory = std::make_shared<scripted_memory>();
  f.boot(scripted_algorithm(memory));
  auto plain = test_config("plain");
  plain.initial_balance = money::units(150'000);
  auto costly = plain;
  costly.name = "costly";
  costly.slippage_bps = 15;
  costly.fee = *money::parse("0.35");
  f.quote("AAPL", "176");
  f.quote("GOOG", "112.5");
  f.ask<ledger_view>(f.registry, atom::create::value, plain, true);
  f.ask<ledger_view>(f.registry, atom::create::value, costly, true);
  // A seeded random walk of prices, one move per second. Tick n runs at
  // (n - 1) s, before that second's move reaches the market (it is sent
  // after the advance): ticks 1 and 2 see the first prices, tick n > 2
  // sees move n - 3. `seen[n - 1]` is what tick n saw.
  std::mt19937_64 rng{42};
  std::int64_t aapl = 176'000'000, goog = 112'500'000;
  std::vector<price_map> seen(2,
                              price_map{{"AAPL", *price::from_micros(aapl)},
                                        {"GOOG", *price::from_micros(goog)}});
  for (int second = 0; second < 300; ++second) {
    f.advance(1s, 250ms);
    aapl = std::max<std::int64_t>(
      1'000'000, aapl + std::int64_t(rng() % 2'000'001) - 1'000'000);
    goog = std::max<std::int64_t>(
      1'000'000, goog + std::int64_t(rng() % 2'000'001) - 1'000'000);
    caf::anon_send(f.market, atom::quote::value, std::string{"AAPL"},
                   *price::from_micros(aapl), f.now());
    caf::anon_send(f.market, atom::quote::value, std::string{"GOOG"},
                   *price::from_micros(goog), f.now());
    seen.push_back({{"AAPL", *price::from_micros(aapl)},
                    {"GOOG", *price::from_micros(goog)}});
  }
  f.flush();
  for (const auto& config : {plain, costly}) {
    auto name = config.name;
    BOOST_TEST_CONTEXT(name) {
      // Ticks at 0 s, 1 s, ..., 300 s.
      BOOST_TEST(f.reader.ticks(name).size() == 301u);
      BOOST_TEST(count_outcome(f.reader, name, tick_outcome::ok) == 301u);
      // Replayed through core at the prices each tick saw: the same fills.
      book expected{config.initial_balance};
      std::size_t fills = 0;
      for (std::int64_t t = 1; t <= 301; ++t)
        for (auto& o : apply_orders(expected, scripted_orders(t), seen[t - 1],
                                    rules_of(config)))
          fills += std::holds_alternative<fill>(o) ? 1 : 0;
      BOOST_TEST(f.reader.trades(name, 0, 100'000).size() == fills);
      auto record = f.reader.find_ledger(name);
      BOOST_TEST(record->balance == expected.balance());
      BOOST_TEST((record->positions == expected.positions()));
      check_invariant_in_database(f.reader, name);
      // The live view agrees with the database.
      auto view = f.ask<ledger_view>(f.registry, atom::get::value, name);
      BOOST_TEST(view.record.balance == record->balance);
      BOOST_TEST((view.record.positions == record->positions));
    }
  }
  // Fees were charged on every fill of the costly ledger only.
  for (auto& row : f.reader.trades("costly", 0, 100'000))
    BOOST_REQUIRE(row.trade.fee == *money::parse("0.35"));
  for (auto& row : f.reader.trades("plain", 0, 100'000))
    BOOST_REQUIRE(row.trade.fee == money{});
}

BOOST_AUTO_TEST_CASE(a_restart_resumes_every_ledger_without_duplicate_or_gap) {
  engine_fixture f;
  auto memory = std::make_shared<scripted_memory>();
  f.boot(scripted_algorithm(memory));
  f.quote("AAPL", "10");
  f.quote("GOOG", "20");
  for (auto name : {"one", "two", "three"})
    f.ask<ledger_view>(f.registry, atom::create::value, test_config(name),
                       true);
  f.ask<ledger_view>(f.registry, atom::stop::value, std::string{"three"});
  f.advance(40s);
  f.flush();
  f.advance(5s + 5ms);
  f.crash();
  // Ticks at 0 s, 1 s, ..., 45 s: with no batch delay each was committed
  // in the run that produced it.
  auto committed = f.reader.find_ledger("one")->last_tick;
  BOOST_TEST(committed == 46);
  f.downtime(10s);
  f.boot(scripted_algorithm(memory));
  f.quote("AAPL", "10");
  f.quote("GOOG", "20");
  f.advance(30s);
  f.flush();
  for (auto name : {"one", "two"}) {
    BOOST_TEST_CONTEXT(name) {
      check_invariant_in_database(f.reader, name);
      BOOST_TEST(count_outcome(f.reader, name, tick_outcome::missed) == 1u);
      auto view =
        f.ask<ledger_view>(f.registry, atom::get::value, std::string{name});
      BOOST_TEST(view.record.status == ledger_status::running);
      // Ticks due at 46 s .. 55 s: the one at 55 s runs late, at the boot
      // (55.005 s), after the missed record for the 9 before it; then
      // every second to the end: 56.005 s, ..., 85.005 s.
      BOOST_TEST(view.record.last_tick == committed + 1 + 1 + 30);
      auto ticks = f.reader.ticks(name);
      auto missed = std::find_if(ticks.begin(), ticks.end(), [](auto& t) {
        return t.outcome == tick_outcome::missed;
      });
      BOOST_REQUIRE(missed != ticks.end());
      BOOST_TEST(missed->detail == "9 ticks missed while the engine was down");
    }
  }
  // The stopped ledger stayed stopped and did not tick again: its only
  // tick ran at once on creation, before the stop.
  BOOST_TEST(f.reader.find_ledger("three")->status == ledger_status::stopped);
  BOOST_TEST(f.reader.ticks("three").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_ledger_finishes_when_its_lifespan_has_passed) {
  engine_fixture f;
  f.boot(scripted_algorithm(std::make_shared<scripted_memory>()));
  f.quote("AAPL", "10");
  auto c = test_config("brief");
  c.lifespan = 5s;
  f.ask<ledger_view>(f.registry, atom::create::value, c, true);
  f.advance(12s);
  f.flush();
  auto view =
    f.ask<ledger_view>(f.registry, atom::get::value, std::string{"brief"});
  BOOST_TEST(view.record.status == ledger_status::finished);
  BOOST_TEST(f.reader.find_ledger("brief")->status == ledger_status::finished);
  // Ticks at 0..4 s; the one due at 5 s finds the lifespan over.
  BOOST_TEST(f.reader.ticks("brief").size() == 5u);
  auto err = f.ask_error<ledger_view>(f.registry, atom::start::value,
                                      std::string{"brief"});
  BOOST_TEST(code_of(err) == static_cast<std::uint8_t>(ec::invalid_transition));
  // Its record is kept: each of the 5 ticks bought AAPL; every GOOG order
  // was rejected, GOOG having no quote.
  BOOST_TEST(f.reader.trades("brief").size() == 5u);
  BOOST_TEST(f.reader.find_ledger("brief")->positions.at("AAPL") ==
             2 + 3 + 1 + 2 + 3);
}

BOOST_AUTO_TEST_CASE(no_quote_and_model_error_are_recorded) {
  engine_fixture f;
  f.boot([](const algo_request& r) -> algo_reply {
    if (r.tick % 2 == 0)
      throw std::runtime_error("model exploded");
    return {};
  });
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("moody"),
                     true);
  f.advance(2s + 500ms); // ticks 1-3 without any quote
  f.quote("GOOG", "100");
  f.advance(4s); // ticks 4-7: even ticks fail
  f.flush();
  auto ticks = f.reader.ticks("moody");
  BOOST_REQUIRE_EQUAL(ticks.size(), 7u);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(ticks[i].outcome == tick_outcome::no_quote);
  BOOST_TEST(ticks[3].outcome == tick_outcome::model_error);
  BOOST_TEST(ticks[3].detail.find("model exploded") != std::string::npos);
  BOOST_TEST(ticks[4].outcome == tick_outcome::ok);
  BOOST_TEST(ticks[5].outcome == tick_outcome::model_error);
}

namespace {

struct silent_state {
  std::vector<caf::typed_response_promise<algo_reply>> held;
  static inline const char* name = "silent-gateway";
};

// A gateway whose model never answers. (It takes an argument because CAF
// 0.17's spawn of a function without arguments trips UBSan: it binds a
// reference to a null empty tuple.)
gateway_actor::behavior_type
silent_gateway(gateway_actor::stateful_pointer<silent_state> self, int) {
  return {
    [=](const algo_request&) -> caf::result<algo_reply> {
      auto promise = self->make_response_promise<algo_reply>();
      self->state.held.push_back(promise);
      return promise;
    },
  };
}

} // namespace

BOOST_AUTO_TEST_CASE(a_silent_model_times_out_and_ticks_never_overlap) {
  engine_fixture f;
  f.boot_with(
    [](caf::actor_system& sys) { return sys.spawn(silent_gateway, 0); }, {});
  f.quote("AAPL", "10");
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("mute"),
                     true);
  f.advance(10s + 500ms);
  f.flush();
  // Ticks start at 0 s, 1 s, ..., 10 s; each waits its deadline (the
  // interval, 1 s). A gateway answers `timeout` at the deadline; this one
  // never answers, so the ledger's next timer, due at the same instant,
  // finds the tick overdue: it times out and the next one starts, none is
  // skipped. The tick started at 10 s is still waiting.
  auto ticks = f.reader.ticks("mute");
  BOOST_TEST(ticks.size() == 10u);
  BOOST_TEST(count_outcome(f.reader, "mute", tick_outcome::timeout) == 10u);
  BOOST_TEST(count_outcome(f.reader, "mute", tick_outcome::skipped) == 0u);
  check_invariant_in_database(f.reader, "mute");
}

BOOST_AUTO_TEST_CASE(a_stop_records_the_tick_in_flight) {
  engine_fixture f;
  f.boot_with(
    [](caf::actor_system& sys) { return sys.spawn(silent_gateway, 0); }, {});
  f.quote("AAPL", "10");
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("caught"),
                     true);
  f.advance(100ms); // tick 1 is asked and waits for a model that is silent
  BOOST_TEST(f.ask<std::size_t>(f.registry, atom::stop::value) == 1u);
  f.flush();
  auto ticks = f.reader.ticks("caught");
  BOOST_REQUIRE_EQUAL(ticks.size(), 1u);
  BOOST_TEST(ticks[0].tick == 1);
  BOOST_TEST(ticks[0].outcome == tick_outcome::skipped);
  BOOST_TEST(ticks[0].detail.find("stopped") != std::string::npos,
             ticks[0].detail);
}

namespace {

// A gateway whose replies the test releases by hand: untyped so that it can
// take the extra `report` message carrying the reply to deliver (promises
// must be delivered from inside their actor).
struct held_requests {
  std::vector<std::pair<algo_request, caf::response_promise>> pending;
};

caf::behavior manual_gateway(caf::event_based_actor* self,
                             std::shared_ptr<held_requests> held) {
  return {
    [=](const algo_request& request) {
      auto promise = self->make_response_promise();
      held->pending.emplace_back(request, promise);
      return promise; // answered later, by `report`
    },
    [=](atom::report, std::size_t index, algo_reply& reply) {
      held->pending.at(index).second.deliver(std::move(reply));
    },
  };
}

} // namespace

// A report applied while a tick waits for its model takes the next number;
// the waiting tick's record, written after it, carries the newer book. After
// a restart the book must hold both.
BOOST_AUTO_TEST_CASE(records_written_out_of_tick_order_keep_the_book) {
  engine_fixture f;
  auto held = std::make_shared<held_requests>();
  f.boot_with(
    [held](caf::actor_system& sys) {
      return caf::actor_cast<gateway_actor>(sys.spawn(manual_gateway, held));
    },
    {});
  f.quote("AAPL", "100");
  f.ask<ledger_view>(f.registry, atom::create::value, test_config("order"),
                     true);
  BOOST_REQUIRE_EQUAL(held->pending.size(), 1u); // tick 1 waits
  auto q = [](std::int64_t n) { return *quantity::make(n); };
  auto report = f.ask<report_result>(
    f.registry, atom::report::value, std::string{"order"},
    report_request{
      std::vector<order>{{side::buy, "GOOG", q(3), price::parse("50")}},
      std::nullopt});
  BOOST_TEST(report.applied);
  algo_reply reply;
  reply.ledger = "order";
  reply.tick = held->pending[0].first.tick;
  reply.orders = {{side::buy, "AAPL", q(7), std::nullopt}};
  caf::anon_send(caf::actor_cast<caf::actor>(f.gateway), atom::report::value,
                 std::size_t{0}, reply);
  f.run();
  f.flush();
  auto ticks = f.reader.ticks("order");
  BOOST_REQUIRE_EQUAL(ticks.size(), 2u);
  BOOST_TEST(ticks[0].outcome == tick_outcome::ok);
  BOOST_TEST(ticks[1].outcome == tick_outcome::reported);
  check_invariant_in_database(f.reader, "order");
  f.crash();
  f.boot_with(
    [held](caf::actor_system& sys) {
      return caf::actor_cast<gateway_actor>(sys.spawn(manual_gateway, held));
    },
    {});
  auto view =
    f.ask<ledger_view>(f.registry, atom::get::value, std::string{"order"});
  BOOST_TEST(view.record.balance == money::units(10'000 - 150 - 700));
  BOOST_TEST(view.record.positions.at("AAPL") == 7);
  BOOST_TEST(view.record.positions.at("GOOG") == 3);
}

BOOST_AUTO_TEST_SUITE_END()
