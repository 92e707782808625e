#pragma once

// Live events for Server-Sent Events clients (/v1/events,
// /v1/ledgers/{name}/events). The hub is one of the sinks ledgers report
// to (actors/event_sink.hpp): it numbers their tick and status events,
// keeps the recent ones for resuming (api/event_ring.hpp) and hands them
// to subscribers, each with a bounded backlog.
//
// Ledgers call it from their handlers at ~8,000 ticks/s, so:
// - nobody listening (and nobody within `retain_for`): one relaxed atomic
//   load per event, nothing copied;
// - otherwise: the record copied, then under one mutex an id, a ring
//   append and a push per matching subscriber (a pointer); the JSON is
//   made later, once, by the first client that sends it;
// - never I/O: a subscriber waiting for events is woken by a callback that
//   posts to its connection's executor, called after the lock is released.

#include "actors/event_sink.hpp"
#include "api/event_ring.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ledger::api {

/// ledgerd's --events-* flags (docs/api.md, "Live events").
struct event_hub_options {
  /// Events kept for resuming with Last-Event-ID.
  std::size_t retain = 32768;
  /// How long events are still recorded after the last client left, so a
  /// reconnecting client resumes; past it recording stops (no cost).
  std::chrono::milliseconds retain_for{std::chrono::minutes{5}};
  /// Events a client may fall behind before it is disconnected.
  std::size_t backlog = 4096;
  /// Concurrent clients; beyond, 503.
  std::size_t max_clients = 64;
  /// An idle stream gets a comment this often.
  std::chrono::milliseconds heartbeat{std::chrono::seconds{15}};
};

/// For /metrics.
struct event_hub_figures {
  std::size_t clients = 0;
  bool recording = false;
  std::size_t retained = 0;
  std::uint64_t events = 0;  ///< recorded since the start
  std::uint64_t dropped = 0; ///< clients cut off for falling behind
  std::uint64_t refused = 0; ///< clients refused at the cap
  std::uint64_t resets = 0;  ///< resumes that could not be gap-free
};

class event_subscription;

class event_hub : public event_sink,
                  public std::enable_shared_from_this<event_hub> {
public:
  using clock_fn = std::function<std::chrono::steady_clock::time_point()>;

  /// Ids start after `first_id` (default: microseconds since the epoch
  /// now, so ids of an earlier ledgerd are older than any of this one's).
  explicit event_hub(event_hub_options options,
                     std::optional<std::int64_t> first_id = std::nullopt,
                     clock_fn clock = std::chrono::steady_clock::now);

  // event_sink: only tick and status matter here.
  void track(const std::vector<std::string>&) override {}
  void untrack(const std::vector<std::string>&) override {}
  void release(const std::string&) override {}
  void tick(const tick_record& record) override;
  void status(const std::string& ledger, ledger_status status,
              timestamp time) override;

  /// A new client of ledger `ledger` (empty: every ledger) whose last
  /// event was `last_id` (nullopt: a new client, live events only).
  /// nullptr when max_clients are connected.
  std::shared_ptr<event_subscription>
  subscribe(std::string ledger, std::optional<std::int64_t> last_id);

  event_hub_figures figures() const;
  const event_hub_options& options() const { return options_; }

private:
  friend class event_subscription;
  void publish(messaging::ledger_event e);
  void leave(event_subscription* s);
  std::vector<event_subscription*>* list_of(const std::string& ledger);

  const event_hub_options options_;
  const clock_fn clock_;
  std::atomic<bool> recording_{false};
  mutable std::mutex mutex_;
  event_ring ring_;
  std::vector<event_subscription*> everything_; ///< clients of /v1/events
  std::unordered_map<std::string, std::vector<event_subscription*>> by_ledger_;
  std::size_t clients_ = 0;
  std::chrono::steady_clock::time_point idle_since_{};
  std::uint64_t events_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t resets_ = 0;
};

/// One client's place in the hub. Its connection takes the events in
/// batches; the hub holds only a plain pointer, and destroying the
/// subscription (or cancel()) leaves the hub.
class event_subscription {
public:
  event_subscription(std::shared_ptr<event_hub> hub, std::string ledger);
  ~event_subscription();
  event_subscription(const event_subscription&) = delete;
  event_subscription& operator=(const event_subscription&) = delete;

  /// Whether its Last-Event-ID could not be resumed without a gap; the
  /// first thing taken is then an `event: reset` message.
  bool was_reset() const { return reset_; }
  /// Whether it asked to resume and gets every event after its id.
  bool resumed() const { return resumed_; }

  std::chrono::milliseconds heartbeat() const;

  /// Starts delivery: `wake` is called (from a ledger's thread, never
  /// under the hub's lock) when events arrive after a take() found none,
  /// or when the client fell behind. It must only post.
  void start(std::function<void()> wake);

  /// Appends SSE messages to `out` (stopping past `max_bytes`); nothing
  /// when none is pending (then `wake` comes). False when the client fell
  /// more than the backlog behind: it must be disconnected.
  bool take(std::string& out, std::size_t max_bytes);

  /// Leaves the hub (idempotent).
  void cancel();

private:
  friend class event_hub;
  const std::shared_ptr<event_hub> hub_;
  const std::string ledger_;
  bool reset_ = false;
  bool resumed_ = false;
  // Under the hub's lock:
  bool joined_ = false;
  bool waiting_ = false;
  bool behind_ = false;
  std::deque<sse_event_ptr> queue_;
  std::function<void()> wake_;
  // Only the connection touches these:
  std::string preamble_;
  std::deque<sse_event_ptr> taken_;
};

} // namespace ledger::api
