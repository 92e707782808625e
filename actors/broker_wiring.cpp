#include "actors/broker_wiring.hpp"

#include "actors/command_handler.hpp"
#include "actors/forwarder.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/codec_release.hpp"

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include <iostream>
#include <mutex>

namespace ledger {

// Handles the link thread sends to; set once in start(), read under lock.
struct broker_wiring::targets {
  std::mutex mutex;
  amqp_gateway_actor gateway;
  market_actor market;
  command_actor commands;
  forwarder_actor forwarder;
};

namespace {

// Events go out confirmed in the link's pipeline, published by the link
// thread so ledgers never wait; under overload they are shed (counted),
// never queued without bound.
class broker_events : public event_sink {
public:
  broker_events(std::shared_ptr<broker_link> link, bool tick_events)
    : link_(std::move(link)), tick_events_(tick_events) {}

  void track(const std::vector<std::string>& tickers) override {
    for (auto& t : tickers)
      link_->track_ticker(t);
  }

  void untrack(const std::vector<std::string>& tickers) override {
    for (auto& t : tickers)
      link_->untrack_ticker(t);
  }

  // Routed like the ledger's trade requests, so it reaches the lane that
  // holds the model; sent as a request (unconfirmed, dropped while
  // disconnected): a lost notice costs only the memory it would free.
  void release(const std::string& ledger) override {
    outbound_message m;
    m.kind = delivery::request;
    m.exchange = link_->topology().trade_requests_exchange();
    m.routing_key = messaging::request_routing_key(ledger);
    m.body = messaging::encode_release(ledger);
    m.options.persistent = false;
    link_->publish(std::move(m));
  }

  void tick(const tick_record& r) override {
    // A message costs the broker ~13 us even when nobody is bound: per-tick
    // events are opt-in; status events (rare) always go out.
    if (tick_events_)
      send(r.ledger, "tick", messaging::encode_tick_event(r));
  }

  void status(const std::string& ledger, ledger_status s,
              timestamp time) override {
    send(
      ledger, "status",
      messaging::encode_status_event(messaging::status_event{ledger, s, time}));
  }

private:
  void send(const std::string& ledger, const char* event, std::string body) {
    outbound_message m;
    m.kind = delivery::event;
    m.exchange = link_->topology().events_exchange();
    m.routing_key = messaging::event_routing_key(ledger, event);
    m.body = std::move(body);
    link_->publish(std::move(m));
  }

  std::shared_ptr<broker_link> link_;
  bool tick_events_;
};

} // namespace

broker_wiring::broker_wiring(caf::actor_system& sys, std::string url,
                             messaging::topology topology, bool tick_events,
                             std::size_t max_in_flight)
  : sys_(sys), targets_(std::make_shared<targets>()) {
  auto t = targets_;
  broker_link::handlers h;
  h.on_reply = [t](messaging::envelope e) {
    std::lock_guard<std::mutex> guard{t->mutex};
    // Replies of other nodes to forwarded changes (actors/forwarder.cpp)
    // share the direct reply-to consumer with the workers' replies.
    if (is_forward_reply(e.correlation_id))
      caf::anon_send(t->forwarder, atom::reply::value, e.correlation_id,
                     e.body);
    else
      caf::anon_send(t->gateway, atom::reply::value, e.correlation_id, e.body);
  };
  h.on_quote = [t](messaging::envelope e) {
    auto decoded = messaging::decode_quote(e.body);
    if (auto why = std::get_if<std::string>(&decoded)) {
      std::cerr << "broker: ignoring a bad quote: " << *why << '\n';
      return;
    }
    auto& q = std::get<messaging::quote>(decoded);
    std::lock_guard<std::mutex> guard{t->mutex};
    caf::anon_send(t->market, atom::quote::value, q.ticker, q.price, q.time);
  };
  h.on_command = [t, commands =
                       topology.commands_exchange()](messaging::envelope e) {
    std::lock_guard<std::mutex> guard{t->mutex};
    bool via_commands = e.exchange == commands;
    caf::anon_send(
      t->commands, atom::command::value,
      command_delivery{e.body, e.reply_to, e.correlation_id, e.delivery_tag,
                       e.epoch, via_commands,
                       via_commands &&
                         messaging::is_shard_routing_key(e.routing_key)});
  };
  link_ = std::make_shared<broker_link>(std::move(url), std::move(topology),
                                        std::move(h));
  admission_ = std::make_shared<ledger::admission>(max_in_flight);
  gateway_ = sys_.spawn(amqp_gateway, link_, admission_);
  events_ = std::make_shared<broker_events>(link_, tick_events);
  std::lock_guard<std::mutex> guard{targets_->mutex};
  targets_->gateway = gateway_;
}

broker_wiring::~broker_wiring() {
  stop();
}

gateway_actor broker_wiring::gateway() const {
  return gateway_;
}

std::shared_ptr<event_sink> broker_wiring::events() const {
  return events_;
}

void broker_wiring::start(registry_actor registry, market_actor market,
                          reader_actor reader, persistence_actor persistence,
                          std::shared_ptr<const shard_ownership> ownership) {
  if (ownership) {
    forwarder_ = sys_.spawn(ledger::forwarder, link_, ownership);
    link_->serve_shard_queues(ownership);
  }
  {
    std::lock_guard<std::mutex> guard{targets_->mutex};
    targets_->market = std::move(market);
    targets_->forwarder = forwarder_;
    targets_->commands =
      sys_.spawn(command_handler, std::move(registry), std::move(reader),
                 std::move(persistence), link_, forwarder_, ownership);
  }
  link_->start();
}

void broker_wiring::stop(std::chrono::milliseconds grace) {
  link_->stop(grace);
  std::lock_guard<std::mutex> guard{targets_->mutex};
  caf::anon_send_exit(targets_->commands, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(targets_->gateway, caf::exit_reason::user_shutdown);
  if (targets_->forwarder)
    caf::anon_send_exit(targets_->forwarder, caf::exit_reason::user_shutdown);
}

} // namespace ledger
