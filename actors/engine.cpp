#include "actors/engine.hpp"

#include "actors/broker_wiring.hpp"
#include "actors/errors.hpp"
#include "actors/fanout_sink.hpp"
#include "actors/market.hpp"
#include "actors/reader.hpp"
#include "actors/registry.hpp"
#include "messaging/amqp_url.hpp"

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include <iostream>
#include <variant>

namespace ledger {

namespace {

template <class F, class... Ts>
auto spawn_blocking(caf::actor_system& sys, bool detached, F fn, Ts&&... xs) {
  return detached ? sys.spawn<caf::detached>(fn, std::forward<Ts>(xs)...)
                  : sys.spawn(fn, std::forward<Ts>(xs)...);
}

void complain(const char* step, const caf::error& e) {
  std::cerr << "engine: " << step << ": " << message_of(e) << '\n';
}

} // namespace

engine::engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;
engine::~engine() = default;

std::function<broker_figures()> engine::broker_status() const {
  if (!broker_)
    return {};
  return [b = broker_.get()] { return b->figures(); };
}

void engine::stop(caf::scoped_actor& self, std::chrono::milliseconds limit) {
  if (broker_)
    broker_->stop(limit / 5); // queued events and replies go out
  // Every ledger ends (recording a tick in flight) before the last flush.
  self->request(registry, limit / 5, atom::stop::value)
    .receive([](std::size_t) {},
             [](caf::error& e) { complain("stopping the ledgers", e); });
  self->send_exit(registry, caf::exit_reason::user_shutdown);
  self->request(persistence, limit / 2, atom::flush::value)
    .receive([](std::uint64_t) {},
             [](caf::error& e) { complain("final flush failed", e); });
  self->send_exit(persistence, caf::exit_reason::user_shutdown);
  if (command_reader_)
    self->send_exit(command_reader_, caf::exit_reason::user_shutdown);
  self->send_exit(market, caf::exit_reason::user_shutdown);
  self->send_exit(gateway, caf::exit_reason::user_shutdown);
}

void engine::kill() {
  if (broker_)
    broker_->stop(std::chrono::milliseconds{0});
  caf::anon_send_exit(persistence, caf::exit_reason::kill);
  caf::anon_send_exit(registry, caf::exit_reason::kill);
  caf::anon_send_exit(market, caf::exit_reason::kill);
  caf::anon_send_exit(gateway, caf::exit_reason::kill);
  if (command_reader_)
    caf::anon_send_exit(command_reader_, caf::exit_reason::kill);
}

caf::expected<engine> spawn_engine(caf::actor_system& sys,
                                   engine_settings settings) {
  if (settings.broker.has_value() == bool{settings.make_gateway})
    return make_error(ec::invalid_config,
                      "an engine needs exactly one gateway: a broker or an "
                      "algorithm in the process");
  engine e;
  auto& popts = settings.persistence;
  if (!popts.metrics)
    popts.metrics = std::make_shared<engine_metrics>();
  e.metrics = popts.metrics;
  popts.ownership = settings.ownership;
  ledger_deps deps;
  if (settings.broker) {
    // Checked before any actor exists: the link would otherwise retry a
    // URL that can never work, forever.
    auto& b = *settings.broker;
    auto url = messaging::parse_amqp_url(b.url);
    if (auto why = std::get_if<std::string>(&url))
      return make_error(ec::invalid_config, *why);
    auto topology = b.topology;
    if (settings.ownership) // a queue per shard for forwarded changes
      topology.engine_shards = settings.ownership->shards();
    e.broker_ = std::make_unique<broker_wiring>(sys, b.url, topology,
                                                b.tick_events, b.max_in_flight);
    e.gateway = e.broker_->gateway();
    // The caller's sink (ledgerd's live-events hub) hears what the
    // broker publishes, and every tick even without --tick-events.
    deps.events = e.broker_->events();
    if (settings.events)
      deps.events = std::make_shared<fanout_sink>(
        std::vector<std::shared_ptr<event_sink>>{deps.events, settings.events});
    deps.admission = e.broker_->admission();
  } else {
    e.gateway = settings.make_gateway(sys);
    deps.events = settings.events;
  }
  e.persistence = spawn_blocking(sys, settings.detached, persistence_fn, popts);
  market_options mopts;
  mopts.board = std::make_shared<quote_board>();
  e.market = sys.spawn(market, mopts);
  deps.market = e.market;
  deps.board = mopts.board;
  deps.gateway = e.gateway;
  deps.persistence = e.persistence;
  deps.backlog = popts.backlog;
  deps.max_deadline = settings.max_deadline;
  deps.metrics = e.metrics;
  if (settings.clock)
    deps.clock = settings.clock;
  e.registry =
    sys.spawn(registry_fn, deps,
              std::shared_ptr<const shard_ownership>{settings.ownership});
  if (e.broker_) {
    e.command_reader_ = spawn_blocking(sys, settings.detached, reader_fn,
                                       popts.database_url, popts.stall_limit);
    e.broker_->start(e.registry, e.market, e.command_reader_, e.persistence,
                     settings.ownership);
    e.forwarder = e.broker_->forwarder();
  }
  return e;
}

} // namespace ledger
