#pragma once

// ledger-feed's publish loop: one step of quotes per pace onto the quotes
// exchange, with reconnects, heartbeats serviced while it waits, and a stop
// flag checked between steps and while waiting.

#include "cli/ctl_subcommands.hpp"
#include "feed/quote.hpp"
#include "feed/random_walk.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

namespace ledger::apps {

/// Where a feed's steps come from.
class quote_source {
public:
  virtual ~quote_source() = default;
  /// True when no step is left.
  virtual bool done() const = 0;
  /// The next step's quotes; `now` stamps synthetic ones.
  virtual feed::quote_batch next(timestamp now) = 0;
};

/// A CSV's dates in order, once or over and over (`loop`). Quotes keep
/// their row's date as their time, also on later rounds.
class replay_source : public quote_source {
public:
  replay_source(std::vector<feed::quote_batch> batches, bool loop);
  bool done() const override;
  feed::quote_batch next(timestamp now) override;

private:
  std::vector<feed::quote_batch> batches_;
  bool loop_;
  std::size_t next_ = 0;
};

/// A seeded random walk, forever or for `count` steps.
class random_source : public quote_source {
public:
  random_source(feed::random_walk walk, std::optional<std::uint64_t> count);
  bool done() const override;
  feed::quote_batch next(timestamp now) override;

private:
  feed::random_walk walk_;
  std::optional<std::uint64_t> count_;
  std::uint64_t taken_ = 0;
};

/// How a feed runs.
struct feed_settings {
  broker_settings broker;
  /// Time between the starts of two steps' publishing; 0: as fast as the
  /// socket takes them.
  std::chrono::milliseconds pace{200};
  /// A progress line every this many steps (1 with --verbose, 0: none).
  std::uint64_t log_every = 50;
};

/// Publishes every step of `source`: connects (throws amqp_error when the
/// broker cannot be reached within the connect timeout), declares the
/// exchanges, then publishes each quote unconfirmed with its ticker as
/// routing key. After a broker failure it reconnects with backoff and
/// republishes the interrupted step. Returns the number of steps published
/// when the source is done or `stop` was set. Progress and failures go to
/// `log`, one line each.
std::uint64_t run_feed(const feed_settings& settings, quote_source& source,
                       const std::atomic<bool>& stop, std::ostream& log);

} // namespace ledger::apps
