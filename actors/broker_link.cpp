#include "actors/broker_link.hpp"

#include "messaging/amqp_connection.hpp"
#include "messaging/reconnect.hpp"

#include <iostream>

namespace ledger {

namespace {

// The longest the loop sleeps when nothing happens: well under the
// heartbeat, which rabbitmq-c only services inside calls.
constexpr auto idle_wait = std::chrono::milliseconds{10};

// Commands are acked after their reply is confirmed, at most this many at
// once. Replies and quotes are consumed without acks: an ack costs the
// broker about 18 us per message on a 2-core machine (a third of a
// message's cost), and neither needs one -- a lost reply is a timeout the
// deadline covers, a lost quote is replaced by the next, and both queues
// are exclusive, gone with the connection.
constexpr std::uint16_t command_prefetch = 16;

// Deliveries handled per pass before the loop publishes again, so a flood
// of replies cannot starve the outbox.
constexpr int deliveries_per_pass = 512;

// A broker that hangs (SIGSTOP, a stuck host) keeps the TCP connection
// open: only missed heartbeats tell, after two of them. This loop services
// the connection every few milliseconds, so a short beat costs nothing and
// /readyz and the ticks learn of a frozen broker within about 10 s (the
// 30 s default of the other programs took a minute).
constexpr auto heartbeat = std::chrono::seconds{5};

// Confirmed publishes in flight at most; beyond it events are shed and
// replies wait for the window to drain.
constexpr std::size_t confirm_window_limit = 20'000;

} // namespace

broker_link::broker_link(std::string url, messaging::topology topology,
                         handlers callbacks, outbox_limits limits)
  : url_(std::move(url)), topology_(std::move(topology)),
    handlers_(std::move(callbacks)), outbox_(limits) {}

broker_link::~broker_link() {
  stop();
}

void broker_link::start() {
  thread_ = std::thread{[this] { run(); }};
}

void broker_link::stop(std::chrono::milliseconds grace) {
  grace_ = grace;
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
}

bool broker_link::publish(outbound_message message) {
  // A request without a connection would only expire in the outbox: shed
  // it now, so its ledger records the outage at once.
  bool refused = message.kind == delivery::request && !connected_;
  if (!refused && outbox_.push(message))
    return true;
  ++(message.kind == delivery::request ? counters_.shed_requests
                                       : counters_.shed_events);
  return false;
}

void broker_link::serve_shard_queues(
  std::shared_ptr<const shard_ownership> shards) {
  shards_ = std::move(shards);
}

void broker_link::track_ticker(const std::string& ticker) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (++tickers_[ticker] == 1)
    tickers_changed_ = true;
}

void broker_link::untrack_ticker(const std::string& ticker) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = tickers_.find(ticker);
  if (i == tickers_.end())
    return;
  if (--i->second == 0) {
    tickers_.erase(i);
    tickers_changed_ = true;
  }
}

std::set<std::string> broker_link::tracked_tickers() const {
  std::lock_guard<std::mutex> guard{mutex_};
  std::set<std::string> out;
  for (auto& [ticker, trackers] : tickers_)
    out.insert(ticker);
  return out;
}

std::string broker_link::reply_queue() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return reply_queue_;
}

broker_figures broker_link::stats() const {
  broker_figures s;
  s.connected = connected_;
  s.blocked = blocked_;
  s.published = counters_.published;
  s.unconfirmed = counters_.unconfirmed;
  s.shed_requests = counters_.shed_requests;
  s.shed_events = counters_.shed_events;
  s.expired = counters_.expired;
  s.nacked = counters_.nacked;
  s.lost_unconfirmed = counters_.lost_unconfirmed;
  s.queued = outbox_.size();
  return s;
}

void broker_link::setup(messaging::amqp_connection& c) {
  messaging::declare_topology(c, topology_);
  // Replies come by direct reply-to: no queue between a worker's reply
  // and this connection (the broker's cheapest path for a reply).
  std::string replies = messaging::amqp_connection::direct_reply_to;
  auto reply_tag = c.consume_direct_replies();
  // Quotes: a private queue of our own, bound per tracked ticker.
  auto quotes = c.declare_reply_queue();
  auto quote_tag = c.consume_unacked(quotes);
  auto command_tag = c.consume(topology_.commands_queue(), command_prefetch);
  std::lock_guard<std::mutex> guard{mutex_};
  reply_queue_ = replies;
  quote_queue_ = quotes;
  reply_tag_ = reply_tag;
  quote_tag_ = quote_tag;
  command_tag_ = command_tag;
  bound_.clear();
  tickers_changed_ = true;
  shard_tags_.clear();
  cancelled_tags_.clear();
  shards_synced_ = false;
}

// Consumes the queues of the shards served and not consumed yet, cancels
// the consumers of shards no longer served.
void broker_link::sync_shards(messaging::amqp_connection& c) {
  auto generation = shards_->serving_generation();
  // Every shard's queue exists once any node has connected, so a change
  // forwarded to a shard nobody serves yet waits in its queue.
  if (!shards_synced_)
    messaging::declare_shard_queues(c, topology_);
  auto wanted = shards_->serving();
  std::set<int> want{wanted.begin(), wanted.end()};
  for (int shard : want)
    if (shard_tags_.count(shard) == 0)
      shard_tags_[shard] =
        c.consume(topology_.shard_queue(shard), command_prefetch);
  for (auto i = shard_tags_.begin(); i != shard_tags_.end();) {
    if (want.count(i->first) > 0) {
      ++i;
      continue;
    }
    c.cancel(i->second);
    cancelled_tags_.insert(i->second);
    i = shard_tags_.erase(i);
  }
  synced_generation_ = generation;
  shards_synced_ = true;
}

// Binds what is tracked and not bound, unbinds what is bound and no longer
// tracked; the broker calls run outside the lock.
void broker_link::sync_tickers(messaging::amqp_connection& c) {
  tickers_changed_ = false;
  std::vector<std::string> bind, unbind;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& [t, trackers] : tickers_)
      if (bound_.count(t) == 0)
        bind.push_back(t);
    for (auto& t : bound_)
      if (tickers_.count(t) == 0)
        unbind.push_back(t);
  }
  for (auto& t : bind) {
    c.bind_queue(quote_queue_, topology_.quotes_exchange(), t);
    std::lock_guard<std::mutex> guard{mutex_};
    bound_.insert(t);
  }
  for (auto& t : unbind) {
    c.unbind_queue(quote_queue_, topology_.quotes_exchange(), t);
    std::lock_guard<std::mutex> guard{mutex_};
    bound_.erase(t);
  }
}

// Publishes everything queued: replies, then requests, then events. Returns
// true when it sent anything.
bool broker_link::publish_queued(messaging::amqp_connection& c,
                                 confirm_window& window) {
  auto batch = outbox_.take();
  for (auto& m : batch.replies)
    held_replies_.push_back(std::move(m));
  bool sent = false;
  auto now = std::chrono::steady_clock::now();
  for (auto& m : batch.requests) {
    if (m.expires && *m.expires < now) {
      ++counters_.expired; // its ledger has stopped waiting
      continue;
    }
    c.publish(m.exchange, m.routing_key, m.body, m.options);
    ++counters_.published;
    sent = true;
  }
  while (!held_replies_.empty() && window.in_flight() < confirm_window_limit) {
    auto& m = held_replies_.front();
    if (m.routing_key.empty()) {
      // A command without reply_to: nothing to send, only the ack.
      if (m.ack_after)
        c.ack(m.ack_after->first, m.ack_after->second);
    } else {
      window.published(
        c.publish_pipelined(m.exchange, m.routing_key, m.body, m.options),
        m.ack_after);
      ++counters_.published;
    }
    held_replies_.pop_front();
    sent = true;
  }
  for (auto& m : batch.events) {
    if (window.in_flight() >= confirm_window_limit) {
      ++counters_.shed_events;
      continue;
    }
    window.published(
      c.publish_pipelined(m.exchange, m.routing_key, m.body, m.options),
      std::nullopt);
    ++counters_.published;
    sent = true;
  }
  counters_.unconfirmed = window.in_flight();
  return sent;
}

// Acks the commands whose replies the broker confirmed.
bool broker_link::settle_confirms(messaging::amqp_connection& c,
                                  confirm_window& window) {
  auto confirms = c.take_confirms();
  for (auto& confirm : confirms) {
    auto done = window.settle(confirm);
    counters_.nacked += done.nacked;
    for (auto& [tag, epoch] : done.acks)
      c.ack(tag, epoch);
  }
  counters_.unconfirmed = window.in_flight();
  return !confirms.empty();
}

bool broker_link::read_deliveries(messaging::amqp_connection& c) {
  int n = 0;
  while (n < deliveries_per_pass) {
    auto delivery = c.poll(std::chrono::milliseconds{0});
    if (!delivery)
      break;
    if (cancelled_tags_.count(delivery->consumer_tag) > 0)
      c.reject(*delivery, true); // this node gave the shard up
    else
      dispatch(std::move(*delivery));
    ++n;
  }
  return n > 0;
}

void broker_link::dispatch(messaging::envelope e) {
  // The tags only change in setup(), on this thread: no lock needed here.
  if (e.consumer_tag == reply_tag_) {
    handlers_.on_reply(std::move(e));
  } else if (e.consumer_tag == quote_tag_) {
    handlers_.on_quote(std::move(e));
  } else {
    // Acked only after the reply is confirmed (ack_after), so a command
    // is redelivered if the engine dies while working on it.
    handlers_.on_command(std::move(e));
  }
}

// One pass: publish, read, settle; sleep only when nothing happened.
void broker_link::serve(messaging::amqp_connection& c, confirm_window& window) {
  if (tickers_changed_)
    sync_tickers(c);
  if (shards_ &&
      (!shards_synced_ || shards_->serving_generation() != synced_generation_))
    sync_shards(c);
  blocked_ = c.blocked();
  // While the broker blocks publishing the outbox fills and sheds: a
  // publish now would stall this thread in send().
  bool busy = !blocked_ && publish_queued(c, window);
  busy = read_deliveries(c) || busy;
  busy = settle_confirms(c, window) || busy;
  if (!busy)
    c.wait(idle_wait, blocked_ ? -1 : outbox_.wake_fd());
}

void broker_link::run() {
  messaging::amqp_connection c;
  confirm_window window;
  auto on_error = [](const std::string& what) {
    std::cerr << "broker: " << what << '\n';
  };
  while (!stop_) {
    if (!c.is_open()) {
      connected_ = false;
      blocked_ = false;
      {
        std::lock_guard<std::mutex> guard{mutex_};
        reply_queue_.clear();
      }
      messaging::connect_options options;
      options.heartbeat = heartbeat;
      if (!messaging::connect_with_retry(
            c, url_, [this](messaging::amqp_connection& x) { setup(x); }, stop_,
            on_error, options))
        break;
      connected_ = true;
      std::cerr << "broker: connected to " << c.redacted_url() << '\n';
    }
    try {
      serve(c, window);
    } catch (const messaging::amqp_error& e) {
      on_error(e.what());
      // Unconfirmed events are lost with the connection; replies still to
      // publish stay held, and their commands come back redelivered.
      counters_.lost_unconfirmed += window.reset();
      counters_.unconfirmed = 0;
      c.close();
    }
  }
  finish(c, window);
}

// Publishes what is left and waits for its confirms, within the grace.
void broker_link::finish(messaging::amqp_connection& c,
                         confirm_window& window) {
  auto deadline = std::chrono::steady_clock::now() + grace_;
  try {
    while (c.is_open() && std::chrono::steady_clock::now() < deadline &&
           (outbox_.size() > 0 || !held_replies_.empty() ||
            window.in_flight() > 0)) {
      if (!c.blocked())
        publish_queued(c, window);
      settle_confirms(c, window);
      c.wait(idle_wait, -1);
      c.poll(std::chrono::milliseconds{0}); // reads confirms
    }
  } catch (const messaging::amqp_error& e) {
    std::cerr << "broker: " << e.what() << '\n';
  }
  auto unsent = outbox_.size() + held_replies_.size();
  if (unsent > 0 || window.in_flight() > 0)
    std::cerr << "broker: stopping with " << unsent << " messages unsent and "
              << window.in_flight() << " unconfirmed\n";
  connected_ = false;
  c.close();
}

} // namespace ledger
