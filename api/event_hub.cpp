#include "api/event_hub.hpp"

#include <algorithm>

namespace ledger::api {

namespace {

std::int64_t now_in_microseconds() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

void remove_from(std::vector<event_subscription*>& list,
                 event_subscription* s) {
  list.erase(std::remove(list.begin(), list.end(), s), list.end());
}

} // namespace

event_hub::event_hub(event_hub_options options,
                     std::optional<std::int64_t> first_id, clock_fn clock)
  : options_(options), clock_(std::move(clock)),
    ring_(options.retain, first_id.value_or(now_in_microseconds())) {}

void event_hub::tick(const tick_record& record) {
  // The hot path when nobody listens: this load, nothing more.
  if (!recording_.load(std::memory_order_relaxed))
    return;
  publish(record);
}

void event_hub::status(const std::string& ledger, ledger_status s,
                       timestamp time) {
  if (!recording_.load(std::memory_order_relaxed))
    return;
  publish(messaging::status_event{ledger, s, time});
}

std::vector<event_subscription*>*
event_hub::list_of(const std::string& ledger) {
  auto i = by_ledger_.find(ledger);
  return i == by_ledger_.end() ? nullptr : &i->second;
}

void event_hub::publish(messaging::ledger_event e) {
  std::vector<std::function<void()>> wakes; // allocates only to wake
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (!recording_.load(std::memory_order_relaxed))
      return;
    if (clients_ == 0 && clock_() - idle_since_ >= options_.retain_for) {
      // Nobody came back in time: stop paying for events.
      ring_.pause();
      recording_.store(false, std::memory_order_relaxed);
      return;
    }
    auto event =
      std::make_shared<const sse_event>(ring_.next_id(), std::move(e));
    ring_.push(event);
    ++events_;
    auto offer = [&](event_subscription* s) {
      if (s->behind_)
        return;
      if (s->queue_.size() >= options_.backlog) {
        // Shed, not queued without bound: it resumes by Last-Event-ID.
        s->behind_ = true;
        s->queue_.clear();
        ++dropped_;
      } else {
        s->queue_.push_back(event);
      }
      if (s->waiting_) {
        s->waiting_ = false;
        wakes.push_back(s->wake_);
      }
    };
    for (auto* s : everything_)
      offer(s);
    if (auto* list = list_of(event->ledger()))
      for (auto* s : *list)
        offer(s);
  }
  for (auto& wake : wakes)
    if (wake)
      wake();
}

std::shared_ptr<event_subscription>
event_hub::subscribe(std::string ledger, std::optional<std::int64_t> last_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (clients_ >= options_.max_clients) {
    ++refused_;
    return nullptr;
  }
  auto s = std::make_shared<event_subscription>(shared_from_this(), ledger);
  auto plan = ring_.resume(last_id, ledger);
  s->taken_.assign(plan.replay.begin(), plan.replay.end());
  if (plan.reset) {
    ++resets_;
    s->reset_ = true;
    s->preamble_ = sse_message(
      "reset",
      "{\"event\":\"reset\",\"last_event_id\":" + std::to_string(*last_id) +
        ",\"resumable_from\":" + std::to_string(ring_.resumable_from()) + "}");
  } else {
    s->resumed_ = last_id.has_value();
  }
  s->joined_ = true;
  if (ledger.empty())
    everything_.push_back(s.get());
  else
    by_ledger_[ledger].push_back(s.get());
  ++clients_;
  recording_.store(true, std::memory_order_relaxed);
  return s;
}

void event_hub::leave(event_subscription* s) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (!s->joined_)
    return;
  s->joined_ = false;
  s->wake_ = nullptr;
  s->queue_.clear();
  if (s->ledger_.empty()) {
    remove_from(everything_, s);
  } else if (auto* list = list_of(s->ledger_)) {
    remove_from(*list, s);
    if (list->empty())
      by_ledger_.erase(s->ledger_);
  }
  if (--clients_ > 0)
    return;
  idle_since_ = clock_();
  if (options_.retain_for.count() <= 0 || options_.retain == 0) {
    // Nothing would be resumed from: stop recording now.
    ring_.pause();
    recording_.store(false, std::memory_order_relaxed);
  }
}

event_hub_figures event_hub::figures() const {
  std::lock_guard<std::mutex> guard{mutex_};
  event_hub_figures f;
  f.clients = clients_;
  f.recording = recording_.load(std::memory_order_relaxed);
  f.retained = ring_.size();
  f.events = events_;
  f.dropped = dropped_;
  f.refused = refused_;
  f.resets = resets_;
  return f;
}

// -- event_subscription -------------------------------------------------

event_subscription::event_subscription(std::shared_ptr<event_hub> hub,
                                       std::string ledger)
  : hub_(std::move(hub)), ledger_(std::move(ledger)) {}

event_subscription::~event_subscription() {
  cancel();
}

std::chrono::milliseconds event_subscription::heartbeat() const {
  return hub_->options().heartbeat;
}

void event_subscription::start(std::function<void()> wake) {
  std::lock_guard<std::mutex> guard{hub_->mutex_};
  wake_ = std::move(wake);
}

bool event_subscription::take(std::string& out, std::size_t max_bytes) {
  out += preamble_;
  preamble_.clear();
  {
    std::lock_guard<std::mutex> guard{hub_->mutex_};
    if (behind_)
      return false;
    if (taken_.empty()) {
      taken_.swap(queue_);
      // Nothing to send: the next event wakes the connection.
      waiting_ = taken_.empty() && out.empty();
    }
  }
  // Framed outside the lock: the first client to send an event encodes it.
  while (!taken_.empty() && out.size() < max_bytes) {
    out += taken_.front()->frame();
    taken_.pop_front();
  }
  return true;
}

void event_subscription::cancel() {
  hub_->leave(this);
}

} // namespace ledger::api
