#pragma once

// A worker lane: one thread with its own RabbitMQ connection, its own
// queue bound to the consistent-hash exchange `ledger.requests` with a
// weight, and its own model hosts (host_pool). The exchange pins each
// ledger to one lane of all the workers' lanes, so a ledger's model
// instance lives in one host and keeps its state from tick to tick.
//
// The queue is exclusive and auto-delete: when the lane's connection ends
// (the worker dies, the broker drops it) the queue goes with its binding
// and its share of ledgers rehashes onto the other lanes; requests that
// were in it are lost and the engine records `timeout` for them. After a
// reconnect the lane binds a new queue and takes a share again.
//
// Stopping: stop() unbinds the queue, so new requests go to other lanes,
// answers what has already arrived for up to `drain`, then closes the
// connection and ends its model hosts. abort() cuts the drain short: every
// wait for a model ends at once.

#include "messaging/topology.hpp"
#include "worker/delivery.hpp"
#include "worker/host_pool.hpp"
#include "worker/model_host.hpp"
#include "worker/request_handler.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace ledger::worker {

struct lane_options {
  int index = 0; ///< for messages and the connection's name
  std::string amqp_url;
  messaging::topology topology;
  /// Binding key on the consistent-hash exchange: the lane's share of the
  /// hash ring relative to the other lanes' (all lanes use the same).
  std::string weight = "20";
  /// Unacked deliveries the broker may push to the lane (bounds memory).
  std::uint16_t prefetch = 64;
  handler_options handler;
  host_options hosts;
  /// How long stop() keeps answering requests that already arrived.
  std::chrono::milliseconds drain{2000};
};

/// Counts of a lane's work, readable from any thread.
struct lane_counts {
  std::atomic<std::uint64_t> trades{0};   ///< answered with trades
  std::atomic<std::uint64_t> timeouts{0}; ///< answered timeout
  std::atomic<std::uint64_t> failures{0}; ///< model_error, bad_output
  std::atomic<std::uint64_t> released{0}; ///< release notices (models freed)
  std::atomic<std::uint64_t> rejected{0}; ///< unreadable, not answered
};

class lane {
public:
  /// Receives the lane's messages (one line each); called from the lane's
  /// thread, so it must be thread-safe.
  using logger = std::function<void(const std::string&)>;

  lane(lane_options options, logger log);
  ~lane(); ///< stops, aborts and joins
  lane(const lane&) = delete;
  lane& operator=(const lane&) = delete;

  void start();
  void stop() { stop_ = true; }
  void abort() { abort_ = true; }
  bool finished() const { return finished_; }
  void join();

  const lane_counts& counts() const { return counts_; }

private:
  void run();
  void serve_until_stopped(messaging::amqp_connection& c,
                           request_handler& handler, host_pool& pool);
  int drain(messaging::amqp_connection& c, request_handler& handler);
  /// Answers `first` and what else has arrived (up to a burst), then acks
  /// them with one frame. Returns how many it answered.
  int answer_burst(messaging::amqp_connection& c, request_handler& handler,
                   messaging::envelope first);
  void count(answered outcome);

  lane_options options_;
  logger log_;
  std::string queue_; ///< the lane's current queue (lane thread only)
  std::atomic<bool> stop_{false};
  std::atomic<bool> abort_{false};
  std::atomic<bool> finished_{false};
  lane_counts counts_;
  std::thread thread_;
};

} // namespace ledger::worker
