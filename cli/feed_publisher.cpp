#include "cli/feed_publisher.hpp"

#include "json/time.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/reconnect.hpp"

#include <algorithm>
#include <ostream>

namespace ledger::apps {

using namespace std::chrono_literals;
using messaging::amqp_connection;
using messaging::amqp_error;

replay_source::replay_source(std::vector<feed::quote_batch> batches, bool loop)
  : batches_(std::move(batches)), loop_(loop) {}

bool replay_source::done() const {
  return batches_.empty() || (!loop_ && next_ >= batches_.size());
}

feed::quote_batch replay_source::next(timestamp) {
  if (next_ >= batches_.size())
    next_ = 0; // only reached when looping
  return batches_[next_++];
}

random_source::random_source(feed::random_walk walk,
                             std::optional<std::uint64_t> count)
  : walk_(std::move(walk)), count_(count) {}

bool random_source::done() const {
  return count_ && taken_ >= *count_;
}

feed::quote_batch random_source::next(timestamp now) {
  ++taken_;
  return walk_.next(now);
}

namespace {

// The connection and what the loop needs around it.
struct publisher {
  publisher(const feed_settings& s, const std::atomic<bool>& stop_flag,
            std::ostream& out)
    : settings(s), stop(stop_flag), log(out),
      exchange(s.broker.topology.quotes_exchange()) {}

  const feed_settings& settings;
  const std::atomic<bool>& stop;
  std::ostream& log;
  amqp_connection c;
  std::string exchange;

  // Only the exchanges: the feed publishes to one of them and consumes
  // nothing; queues are the business of the engine and the workers.
  void setup(amqp_connection& conn) {
    messaging::declare_exchanges(conn, settings.broker.topology);
  }

  void note(const std::string& line) {
    log << "ledger-feed: " << line << std::endl;
  }

  // At start: bounded by --connect-timeout, throws when it runs out.
  bool connect_first() {
    return connect_within(
      c, settings.broker, "ledger-feed", [this](auto& conn) { setup(conn); },
      stop, [this](const std::string& why) { note(why + "; retrying"); });
  }

  // Later: the broker was there once, so keep trying until stopped.
  bool reconnect() {
    auto ok = messaging::connect_with_retry(
      c, settings.broker.url, [this](auto& conn) { setup(conn); }, stop,
      [this](const std::string& why) { note(why + "; retrying"); },
      connect_options());
    if (ok)
      note("reconnected to " + c.redacted_url());
    return ok;
  }

  messaging::connect_options connect_options() const {
    messaging::connect_options o;
    o.name = "ledger-feed";
    return o;
  }

  // Publishes one step, again after a reconnect when the broker failed
  // half-way (a repeated quote is harmless: same price, same time).
  bool publish(const feed::quote_batch& batch) {
    messaging::publish_options o;
    o.persistent = false; // a lost quote is superseded by the next one
    while (!stop.load()) {
      if (!c.is_open() && !reconnect())
        return false;
      try {
        for (auto& q : batch)
          c.publish(exchange, q.ticker,
                    messaging::encode_quote({q.ticker, q.last, q.time}), o);
        return true;
      } catch (const amqp_error& e) {
        note(std::string{e.what()} + "; reconnecting");
        c.close();
      }
    }
    return false;
  }

  // Waits `pace` in slices, reading from the broker meanwhile: rabbitmq-c
  // only answers heartbeats from inside a call, and a channel the broker
  // closed (say, the exchange was deleted) only shows up on a read. With a
  // pace of 0 this is one non-blocking read per step.
  void wait(std::chrono::milliseconds pace) {
    const auto until = std::chrono::steady_clock::now() + pace;
    do {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
      auto slice = std::clamp(left, 0ms, 200ms);
      if (!c.is_open()) {
        messaging::sleep_unless_stopped(slice, stop);
        continue;
      }
      try {
        c.poll(slice); // nothing is consumed: this only services the link
      } catch (const amqp_error& e) {
        note(std::string{e.what()} + "; reconnecting");
        c.close();
      }
    } while (!stop.load() && std::chrono::steady_clock::now() < until);
  }
};

std::string describe(const feed::quote_batch& batch) {
  std::string out =
    std::to_string(batch.size()) + (batch.size() == 1 ? " quote" : " quotes");
  if (!batch.empty())
    out += " at " + json::format_time(batch.front().time);
  for (std::size_t i = 0; i < batch.size() && i < 4; ++i)
    out += (i == 0 ? ": " : ", ") + batch[i].ticker + " " +
           batch[i].last.to_string();
  if (batch.size() > 4)
    out += ", ...";
  return out;
}

} // namespace

std::uint64_t run_feed(const feed_settings& settings, quote_source& source,
                       const std::atomic<bool>& stop, std::ostream& log) {
  publisher p{settings, stop, log};
  if (!p.connect_first())
    return 0;
  p.note("publishing to " + p.exchange + " on " + p.c.redacted_url());
  std::uint64_t steps = 0, quotes = 0;
  while (!stop.load() && !source.done()) {
    if (steps > 0) {
      p.wait(settings.pace);
      if (stop.load())
        break;
    }
    auto batch = source.next(std::chrono::system_clock::now());
    if (!p.publish(batch))
      break;
    ++steps;
    quotes += batch.size();
    if (settings.log_every > 0 && steps % settings.log_every == 0)
      p.note("step " + std::to_string(steps) + ", " + describe(batch));
  }
  p.note(std::string{stop.load() ? "stopped" : "done"} + " after " +
         std::to_string(steps) + " steps, " + std::to_string(quotes) +
         " quotes");
  p.c.close();
  return steps;
}

} // namespace ledger::apps
