#include "tests/actors/engine_fixture.hpp"

#include "actors/engine.hpp"
#include "actors/errors.hpp"

#include <caf/atom.hpp>
#include <caf/send.hpp>

namespace ledger::test {

namespace {

const timestamp origin{std::chrono::seconds{1'750'000'000}};

} // namespace

struct engine_fixture::runtime {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  caf::actor_clock::time_point clock_origin;
  engine actors;

  runtime() {
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.file-verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    clock_origin = sched->clock().now();
  }
};

engine_fixture::engine_fixture() : reader(db.url()) {
  reader.migrate();
}

engine_fixture::~engine_fixture() {
  crash();
}

void engine_fixture::boot(inprocess_algorithm algorithm,
                          persistence_options options) {
  boot_with(
    [algorithm](caf::actor_system& sys) {
      return sys.spawn(inprocess_gateway, algorithm);
    },
    options);
}

void engine_fixture::boot_with(gateway_factory make_gateway,
                               persistence_options options) {
  engine_ = std::make_unique<runtime>();
  self_ = std::make_unique<caf::scoped_actor>(*engine_->sys);
  engine_settings settings;
  settings.persistence = std::move(options);
  settings.persistence.database_url = db.url();
  settings.make_gateway = std::move(make_gateway);
  settings.detached = false; // the deterministic scheduler runs them all
  settings.events = events;
  settings.clock = [this] {
    if (fail_clock_) {
      fail_clock_ = false;
      throw std::runtime_error("injected clock failure");
    }
    return now();
  };
  auto spawned = spawn_engine(*engine_->sys, std::move(settings));
  if (!spawned)
    throw std::runtime_error("spawn_engine: " + describe(spawned.error()));
  engine_->actors = std::move(*spawned);
  registry = engine_->actors.registry;
  market = engine_->actors.market;
  persistence = engine_->actors.persistence;
  gateway = engine_->actors.gateway;
  run();
  ask<std::size_t>(registry, atom::load_all::value);
}

void engine_fixture::crash() {
  if (!engine_)
    return;
  elapsed_before_ = now() - origin;
  engine_->actors.kill(); // persistence first: what it holds is lost
  run();
  self_.reset();
  registry = nullptr;
  market = nullptr;
  persistence = nullptr;
  gateway = nullptr;
  engine_->actors = engine{};
  engine_->sys.reset();
  engine_.reset();
}

timestamp engine_fixture::now() const {
  auto running = engine_ ? engine_->sched->clock().now() - engine_->clock_origin
                         : std::chrono::nanoseconds{0};
  return origin + elapsed_before_ +
         std::chrono::duration_cast<std::chrono::nanoseconds>(running);
}

void engine_fixture::run() {
  engine_->sched->run();
}

void engine_fixture::advance(std::chrono::milliseconds d,
                             std::chrono::milliseconds step) {
  run();
  while (d.count() > 0) {
    auto s = std::min(d, step);
    engine_->sched->advance_time(s);
    run();
    d -= s;
  }
}

void engine_fixture::quote(const std::string& ticker, const char* text) {
  auto p = price::parse(text);
  if (!p)
    throw std::invalid_argument(std::string{"bad price "} + text);
  caf::anon_send(market, atom::quote::value, ticker, *p, now());
  run();
}

void engine_fixture::flush() {
  ask<std::uint64_t>(persistence, atom::flush::value);
}

std::string engine_fixture::describe(const caf::error& e) {
  auto code = code_of(e);
  return (code ? std::string{to_string(static_cast<ec>(code))} + ": "
               : std::string{}) +
         message_of(e);
}

ledger_config test_config(const std::string& name,
                          std::chrono::milliseconds interval) {
  ledger_config c;
  c.name = name;
  c.tickers = {"AAPL", "GOOG"};
  c.algo_path = "test";
  c.interval = interval;
  c.lifespan = std::chrono::hours{24};
  c.initial_balance = money::units(10'000);
  return c;
}

} // namespace ledger::test
