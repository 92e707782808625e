#include "tests/api/api_fixture.hpp"

#include "actors/inprocess_gateway.hpp"
#include "persistence/store.hpp"

#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <sstream>
#include <stdexcept>

namespace ledger::test {

namespace {

// The algorithm asks for nothing: these tests drive trades over HTTP.
algo_reply no_trades(const algo_request&) {
  return algo_reply{};
}

} // namespace

api_fixture::api_fixture(api_setup setup) {
  if (setup.database_away) {
    // Nothing listens on port 1: connecting fails at once.
    database_url = "postgresql://ledger@127.0.0.1:1/ledger?connect_timeout=1";
  } else {
    db.emplace();
    database_url = db->url();
    persistence::store{database_url}.migrate();
  }
  cfg = std::make_unique<caf::actor_system_config>();
  cfg->set("logger.file-verbosity", caf::atom("quiet"));
  sys = std::make_unique<caf::actor_system>(*cfg);
  events = std::make_shared<api::event_hub>(setup.events);
  engine_settings es;
  es.persistence.database_url = database_url;
  es.events = events;
  auto algorithm =
    setup.algorithm ? setup.algorithm : inprocess_algorithm{no_trades};
  es.make_gateway = [algorithm](caf::actor_system& s) {
    return s.spawn(inprocess_gateway, algorithm);
  };
  auto spawned = spawn_engine(*sys, std::move(es));
  if (!spawned)
    throw std::runtime_error("spawn_engine failed");
  engine_ = std::move(*spawned);
  registry = engine_.registry;
  persistence = engine_.persistence;
  market = engine_.market;
  gateway = engine_.gateway;
  metrics = engine_.metrics;
  api::http_settings settings;
  settings.address = "127.0.0.1:0";
  settings.api_keys = setup.keys;
  settings.read_requires_key = setup.read_requires_key;
  settings.io_timeout = setup.io_timeout;
  std::ostringstream log;
  api::http_wiring wiring;
  wiring.registry = registry;
  wiring.persistence = persistence;
  wiring.metrics = metrics;
  wiring.database_url = database_url;
  wiring.events = events;
  http_ = api::start_http(*sys, wiring, settings, log);
}

api_fixture::~api_fixture() {
  http_->stop();
  http_.reset();
  {
    caf::scoped_actor self{*sys};
    engine_.stop(self, std::chrono::seconds{5});
  }
  engine_ = engine{};
  // A handle keeps its actor's memory alive, and a detached actor's thread
  // waits for that before the system may end.
  registry = nullptr;
  persistence = nullptr;
  market = nullptr;
  gateway = nullptr;
  sys.reset(); // waits for every actor, the detached ones included
}

void api_fixture::quote(const std::string& ticker, const char* price_text) {
  auto p = price::parse(price_text);
  if (!p)
    throw std::invalid_argument(std::string{"bad price "} + price_text);
  caf::anon_send(market, atom::quote::value, ticker, *p,
                 timestamp{std::chrono::system_clock::now()});
}

} // namespace ledger::test
