#include "tests/api/api_fixture.hpp"

#include "actors/inprocess_gateway.hpp"
#include "actors/market.hpp"
#include "actors/persistence.hpp"
#include "actors/registry.hpp"
#include "persistence/store.hpp"

#include <caf/exit_reason.hpp>
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
  persistence_options popts;
  popts.database_url = database_url;
  persistence = sys->spawn<caf::detached>(persistence_fn, popts);
  market = sys->spawn(ledger::market, market_options{});
  gateway = sys->spawn(inprocess_gateway, inprocess_algorithm{no_trades});
  metrics = std::make_shared<engine_metrics>();
  ledger_deps deps;
  deps.market = market;
  deps.persistence = persistence;
  deps.backlog = popts.backlog;
  deps.gateway = gateway;
  deps.metrics = metrics;
  registry = sys->spawn(registry_fn, deps);
  api::http_settings settings;
  settings.address = "127.0.0.1:0";
  settings.api_keys = setup.keys;
  settings.read_requires_key = setup.read_requires_key;
  settings.io_timeout = setup.io_timeout;
  std::ostringstream log;
  http_ = api::start_http(
    *sys, {registry, persistence, metrics, database_url, {}}, settings, log);
}

api_fixture::~api_fixture() {
  http_->stop();
  caf::anon_send_exit(registry, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(persistence, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(market, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
  http_.reset();
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
