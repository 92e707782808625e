#include "actors/broker_link.hpp"

#include "messaging/amqp_connection.hpp"
#include "messaging/reconnect.hpp"

#include <iostream>

namespace ledger {

namespace {

// Short enough to publish promptly, long enough not to spin; also well
// under the heartbeat, which is only serviced inside calls that read.
constexpr auto poll_interval = std::chrono::milliseconds{10};

// Deliveries consumers may hold unacked: replies and quotes are acked at
// once; commands wait for their reply.
constexpr std::uint16_t reply_prefetch = 256;
constexpr std::uint16_t quote_prefetch = 1024;
constexpr std::uint16_t command_prefetch = 16;

} // namespace

broker_link::broker_link(std::string url, messaging::topology topology,
                         handlers callbacks)
  : url_(std::move(url)), topology_(std::move(topology)),
    handlers_(std::move(callbacks)) {}

broker_link::~broker_link() {
  stop();
}

void broker_link::start() {
  thread_ = std::thread{[this] { run(); }};
}

void broker_link::stop() {
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
}

void broker_link::publish(outbound_message message) {
  std::lock_guard<std::mutex> guard{mutex_};
  outbox_.push_back(std::move(message));
}

void broker_link::track_ticker(const std::string& ticker) {
  std::lock_guard<std::mutex> guard{mutex_};
  tickers_.insert(ticker);
}

std::string broker_link::reply_queue() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return reply_queue_;
}

void broker_link::setup(messaging::amqp_connection& c) {
  messaging::declare_topology(c, topology_);
  auto replies = c.declare_reply_queue();
  // Quotes: a private queue of our own, bound per tracked ticker.
  auto quotes = c.declare_reply_queue();
  auto reply_tag = c.consume(replies, reply_prefetch);
  auto quote_tag = c.consume(quotes, quote_prefetch);
  auto command_tag = c.consume(topology_.commands_queue(), command_prefetch);
  std::lock_guard<std::mutex> guard{mutex_};
  reply_queue_ = replies;
  quote_queue_ = quotes;
  reply_tag_ = reply_tag;
  quote_tag_ = quote_tag;
  command_tag_ = command_tag;
  bound_.clear();
}

void broker_link::bind_new_tickers(messaging::amqp_connection& c) {
  std::set<std::string> wanted;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& t : tickers_)
      if (bound_.count(t) == 0)
        wanted.insert(t);
  }
  for (auto& t : wanted) {
    c.bind_queue(quote_queue_, topology_.quotes_exchange(), t);
    std::lock_guard<std::mutex> guard{mutex_};
    bound_.insert(t);
  }
}

void broker_link::flush_outbox(messaging::amqp_connection& c) {
  for (;;) {
    outbound_message m;
    {
      std::lock_guard<std::mutex> guard{mutex_};
      if (outbox_.empty())
        return;
      m = std::move(outbox_.front());
      outbox_.pop_front();
    }
    if (m.expires && *m.expires < std::chrono::steady_clock::now())
      continue; // its ledger has stopped waiting
    try {
      if (m.exchange.empty() && m.routing_key.empty()) {
        // Nothing to send (a command without reply_to): only the ack.
      } else if (m.confirmed) {
        auto result =
          c.publish_confirmed(m.exchange, m.routing_key, m.body, m.options);
        if (result != messaging::publish_result::confirmed)
          std::cerr << "broker: " << m.exchange << " did not confirm a "
                    << "message (routing key " << m.routing_key << ")\n";
      } else {
        c.publish(m.exchange, m.routing_key, m.body, m.options);
      }
      if (m.ack_after)
        c.ack(m.ack_after->first, m.ack_after->second);
    } catch (...) {
      // Keep it for the next connection; the caller reconnects.
      std::lock_guard<std::mutex> guard{mutex_};
      outbox_.push_front(std::move(m));
      throw;
    }
  }
}

void broker_link::dispatch(messaging::amqp_connection& c,
                           messaging::envelope e) {
  std::string reply_tag, quote_tag;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    reply_tag = reply_tag_;
    quote_tag = quote_tag_;
  }
  if (e.consumer_tag == reply_tag) {
    c.ack(e);
    handlers_.on_reply(std::move(e));
  } else if (e.consumer_tag == quote_tag) {
    c.ack(e);
    handlers_.on_quote(std::move(e));
  } else {
    // Acked only after the reply is published (ack_after), so a command
    // is redelivered if the engine dies while working on it.
    handlers_.on_command(std::move(e));
  }
}

void broker_link::run() {
  messaging::amqp_connection c;
  auto on_error = [](const std::string& what) {
    std::cerr << "broker: " << what << '\n';
  };
  while (!stop_) {
    if (!c.is_open()) {
      connected_ = false;
      {
        std::lock_guard<std::mutex> guard{mutex_};
        reply_queue_.clear();
      }
      if (!messaging::connect_with_retry(
            c, url_, [this](messaging::amqp_connection& x) { setup(x); }, stop_,
            on_error))
        break;
      connected_ = true;
      std::cerr << "broker: connected to " << c.redacted_url() << '\n';
    }
    try {
      bind_new_tickers(c);
      flush_outbox(c);
      if (auto delivery = c.poll(poll_interval))
        dispatch(c, std::move(*delivery));
    } catch (const messaging::amqp_error& e) {
      on_error(e.what());
      c.close();
    }
  }
  // Publish what is left (replies, events), briefly, then leave.
  if (c.is_open()) {
    try {
      flush_outbox(c);
    } catch (const messaging::amqp_error& e) {
      on_error(e.what());
    }
  }
  connected_ = false;
  c.close();
}

} // namespace ledger
