#include "actors/persistence.hpp"

#include "actors/errors.hpp"
#include "actors/tick_timer.hpp"
#include "persistence/store.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <iostream>

namespace ledger {

persistence_state::persistence_state() = default;
persistence_state::~persistence_state() = default;

namespace {

using self_ptr = persistence_actor::stateful_pointer<persistence_state>;

persistence::store& connect(self_ptr self) {
  auto& st = self->state;
  if (!st.db) {
    st.db = std::make_unique<persistence::store>(st.options.database_url,
                                                 st.options.stall_limit);
    st.health.connected = true;
  }
  return *st.db;
}

void note_failure(self_ptr self, const std::exception& e) {
  auto& st = self->state;
  st.db.reset();
  st.health.connected = false;
  ++st.health.failures;
  // store's messages never carry the password, so this is safe to print.
  if (st.health.last_error != e.what())
    std::cerr << "persistence: database unavailable: " << e.what() << '\n';
  st.health.last_error = e.what();
}

// A value the database refused is the caller's fault: the connection is
// fine and nothing is retried.
caf::error refused(const persistence::bad_value& e) {
  return make_error(ec::invalid_value,
                    std::string{"the database refused a value: "} + e.what());
}

const std::string& ledger_of(const persistence_state::fact& f) {
  if (auto r = std::get_if<tick_record>(&f))
    return r->ledger;
  return std::get<status_change>(f).ledger;
}

// A ledger's fact is committed: when it was its last queued one, its
// waiters' reads may go ahead.
void settled(self_ptr self, const std::string& ledger) {
  auto& st = self->state;
  auto i = st.queued_by_ledger.find(ledger);
  if (i == st.queued_by_ledger.end() || --i->second > 0)
    return;
  st.queued_by_ledger.erase(i);
  auto w = st.ledger_waiters.find(ledger);
  if (w == st.ledger_waiters.end())
    return;
  auto waiters = std::move(w->second);
  st.ledger_waiters.erase(w);
  for (auto& promise : waiters)
    promise.deliver(true);
}

// Writes a batch, fenced when this node shares the database with others:
// the records of shards it does not hold (any more) are left out, counted
// and said once per batch; their ledgers' actors are being stopped.
void write_fenced(self_ptr self, persistence::store& db,
                  const std::vector<tick_record>& batch) {
  auto& st = self->state;
  if (!st.options.ownership) {
    db.write_ticks(batch);
    return;
  }
  auto result = db.write_ticks(batch, st.options.ownership->fence());
  if (result.refused.empty())
    return;
  std::size_t dropped = 0;
  for (auto& r : batch)
    if (std::find(result.refused.begin(), result.refused.end(),
                  st.options.ownership->shard_of(r.ledger)) !=
        result.refused.end())
      ++dropped;
  st.fenced += dropped;
  std::cerr << "persistence: fenced: " << dropped
            << " tick record(s) of engine shards this node no longer "
               "holds were not written\n";
}

// Writes queued facts in order, one transaction per run of tick records.
// Returns false when the database failed; the facts stay queued.
bool drain(self_ptr self) {
  auto& st = self->state;
  while (!st.queue.empty()) {
    try {
      auto& db = connect(self);
      if (auto change = std::get_if<status_change>(&st.queue.front())) {
        try {
          // With several nodes, fenced as tick records are: only for a
          // ledger whose shard this node holds at the epoch in the database.
          auto& own = st.options.ownership;
          auto fence = own ? std::optional{own->fence()} : std::nullopt;
          db.update_status(change->ledger, change->status,
                           change->first_started, fence ? &*fence : nullptr);
        } catch (const persistence::bad_value& e) {
          // Retrying would refuse it forever and hold every fact behind it.
          std::cerr << "persistence: dropping a status change of "
                    << change->ledger << " the database refused: " << e.what()
                    << '\n';
        }
        auto ledger = change->ledger;
        st.queue.pop_front();
        settled(self, ledger);
        continue;
      }
      // Moved out of the queue, not copied; put back if the write fails.
      std::vector<tick_record> batch;
      while (!st.queue.empty() && batch.size() < st.options.batch_size &&
             std::holds_alternative<tick_record>(st.queue.front())) {
        batch.push_back(std::get<tick_record>(std::move(st.queue.front())));
        st.queue.pop_front();
      }
      try {
        write_fenced(self, db, batch);
      } catch (...) {
        for (auto r = batch.rbegin(); r != batch.rend(); ++r)
          st.queue.emplace_front(std::move(*r));
        throw;
      }
      if (auto& metrics = st.options.metrics) {
        auto committed = std::chrono::system_clock::now();
        for (auto& r : batch)
          metrics->committed(r, committed);
      }
      for (auto& r : batch)
        settled(self, r.ledger);
      st.health.written += batch.size();
      ++st.health.batches;
    } catch (const std::exception& e) {
      note_failure(self, e);
      return false;
    }
  }
  st.health.queued = 0;
  st.backoff = std::chrono::milliseconds{0};
  return true;
}

void resume_ledgers(self_ptr self) {
  auto& st = self->state;
  if (st.queue.size() <= st.options.capacity / 2)
    st.options.backlog->full.store(false, std::memory_order_relaxed);
}

// The database failed: try again after a growing pause.
void retry_later(self_ptr self) {
  auto& st = self->state;
  st.health.queued = st.queue.size();
  st.backoff =
    std::clamp(st.backoff * 2, st.options.min_backoff, st.options.max_backoff);
  arm_timer(self, st.backoff);
}

// Drains now; on failure schedules a retry with backoff. Runs the waiting
// work once the queue is empty.
void drain_or_retry(self_ptr self) {
  auto& st = self->state;
  if (!drain(self)) {
    retry_later(self);
    return;
  }
  resume_ledgers(self);
  auto waiting = std::move(st.after_drain);
  st.after_drain.clear();
  for (auto& work : waiting)
    work();
}

void enqueue(self_ptr self, persistence_state::fact f) {
  auto& st = self->state;
  ++st.queued_by_ledger[ledger_of(f)];
  st.queue.push_back(std::move(f));
  st.health.queued = st.queue.size();
  if (st.backoff.count() > 0 || st.timer_armed)
    return; // a retry or a write is already scheduled
  // With no delay the tick goes behind every fact already in the mailbox,
  // so all of them join the batch it writes.
  auto wait = std::chrono::milliseconds{0};
  if (st.last_write)
    wait = std::max(
      wait, std::chrono::ceil<std::chrono::milliseconds>(
              *st.last_write + st.options.batch_delay - self->clock().now()));
  arm_timer(self, wait);
}

// Runs `work` against the database once everything queued before it is
// committed, so reads see every fact sent earlier.
template <class Work>
void when_drained(self_ptr self, Work work) {
  auto& st = self->state;
  if (st.queue.empty() || (st.backoff.count() == 0 && drain(self))) {
    work();
    return;
  }
  st.after_drain.emplace_back(std::move(work));
  if (st.backoff.count() == 0)
    drain_or_retry(self);
}

// Every stored ledger `wanted` accepts, read page by page.
template <class Wanted>
std::vector<ledger_record> stored_ledgers(self_ptr self, Wanted wanted) {
  std::vector<ledger_record> out;
  std::string after;
  for (;;) {
    auto page = connect(self).list_ledgers(after, 1000);
    if (page.empty())
      break;
    after = page.back().config.name;
    for (auto& record : page)
      if (wanted(record))
        out.push_back(std::move(record));
  }
  return out;
}

// Answers a request with what `query` delivers to the promise, run against
// the store when everything queued before it is committed. A value the
// database refuses is the caller's error; any other failure means the
// database is unavailable.
template <class T, class Query>
caf::typed_response_promise<T> answer_when_drained(self_ptr self, Query query) {
  auto promise = self->make_response_promise<T>();
  when_drained(self, [=]() mutable {
    try {
      query(connect(self), promise);
    } catch (const persistence::bad_value& e) {
      promise.deliver(refused(e));
    } catch (const persistence::outcome_unknown& e) {
      note_failure(self, e);
      promise.deliver(make_error(ec::outcome_unknown, e.what()));
    } catch (const std::exception& e) {
      note_failure(self, e);
      promise.deliver(make_error(ec::database_unavailable, e.what()));
    }
  });
  return promise;
}

// A create whose COMMIT went unanswered may or may not have happened: the
// answer waits until the database can tell, so the engine runs the ledger
// if and only if its record exists. (The client's own call has timed out by
// then and was told the outcome is in doubt.)
void settle_doubtful_create(self_ptr self, std::string name,
                            caf::typed_response_promise<bool> promise) {
  self->state.after_drain.emplace_back([=]() mutable {
    try {
      promise.deliver(connect(self).find_ledger(name).has_value());
    } catch (const std::exception& e) {
      note_failure(self, e);
      settle_doubtful_create(self, name, promise);
      retry_later(self);
    }
  });
}

} // namespace

persistence_actor::behavior_type persistence_fn(self_ptr self,
                                                persistence_options options) {
  self->state.options = std::move(options);
  return {
    [=](atom::write, tick_record& record) {
      enqueue(self, std::move(record));
      if (self->state.queue.size() >= self->state.options.capacity)
        self->state.options.backlog->full.store(true,
                                                std::memory_order_relaxed);
    },
    [=](atom::status, status_change& change) {
      enqueue(self, std::move(change));
    },
    [=](atom::tick) {
      self->state.timer_armed = false;
      self->state.write_now = false;
      self->state.last_write = self->clock().now();
      drain_or_retry(self);
    },
    [=](atom::create, ledger_record& record) -> caf::result<bool> {
      auto& st = self->state;
      // Failing now: refuse at once rather than wait out another connect
      // timeout; the scheduled retry finds out when the database is back.
      if (st.backoff.count() > 0)
        return make_error(ec::database_unavailable,
                          "database unavailable: " + st.health.last_error);
      try {
        if (!st.queue.empty() && !drain(self))
          throw std::runtime_error(st.health.last_error);
        return connect(self).create_ledger(record);
      } catch (const persistence::bad_value& e) {
        return refused(e);
      } catch (const persistence::outcome_unknown& e) {
        note_failure(self, e);
        auto promise = self->make_response_promise<bool>();
        settle_doubtful_create(self, record.config.name, promise);
        retry_later(self);
        return promise;
      } catch (const std::exception& e) {
        note_failure(self, e);
        arm_timer(self, self->state.options.min_backoff);
        return make_error(ec::database_unavailable,
                          std::string{"database unavailable: "} + e.what());
      }
    },
    [=](atom::remove, const std::string& name) -> caf::result<bool> {
      return answer_when_drained<bool>(
        self, [=](persistence::store& db, auto& promise) {
          promise.deliver(db.delete_ledger(name));
        });
    },
    [=](atom::load, const std::string& name) -> caf::result<ledger_record> {
      return answer_when_drained<ledger_record>(
        self, [=](persistence::store& db, auto& promise) {
          // A ledger restarted after its actor failed: the tick it had in
          // flight may be a gap below a committed report.
          db.close_tick_gaps(name);
          if (auto record = db.find_ledger(name))
            promise.deliver(std::move(*record));
          else
            promise.deliver(
              make_error(ec::unknown_ledger, "no ledger named " + name));
        });
    },
    [=](atom::load_all) -> caf::result<std::vector<ledger_record>> {
      auto promise = self->make_response_promise<std::vector<ledger_record>>();
      when_drained(self, [=]() mutable {
        try {
          if (auto closed = connect(self).close_tick_gaps())
            std::cerr << "persistence: recorded " << closed
                      << " ticks in flight when the engine last stopped\n";
          promise.deliver(
            stored_ledgers(self, [](const ledger_record&) { return true; }));
        } catch (const std::exception& e) {
          note_failure(self, e);
          promise.deliver(make_error(ec::database_unavailable, e.what()));
        }
      });
      return promise;
    },
    [=](atom::load_all, const std::vector<int>& shards,
        int count) -> caf::result<std::vector<ledger_record>> {
      // The ledgers of shards this node just took over: each resumes from
      // its last committed tick, its tick in flight on the old owner
      // recorded as skipped first (as after a restart).
      auto promise = self->make_response_promise<std::vector<ledger_record>>();
      when_drained(self, [=]() mutable {
        try {
          auto mine = stored_ledgers(self, [&](const ledger_record& r) {
            return std::find(shards.begin(), shards.end(),
                             engine_shard_of(r.config.name, count)) !=
                   shards.end();
          });
          for (auto& record : mine)
            if (connect(self).close_tick_gaps(record.config.name) > 0)
              if (auto again = connect(self).find_ledger(record.config.name))
                record = std::move(*again);
          promise.deliver(std::move(mine));
        } catch (const std::exception& e) {
          note_failure(self, e);
          promise.deliver(make_error(ec::database_unavailable, e.what()));
        }
      });
      return promise;
    },
    [=](atom::flush, const std::string& ledger) -> caf::result<bool> {
      auto& st = self->state;
      if (st.queued_by_ledger.count(ledger) == 0)
        return true;
      auto promise = self->make_response_promise<bool>();
      st.ledger_waiters[ledger].push_back(promise);
      // Somebody waits for this write (a client's reported trades): it
      // begins now, not when the spacing of writes allows.
      if (st.backoff.count() == 0 && !st.write_now) {
        st.write_now = true;
        self->send(self, atom::tick::value);
      }
      return promise;
    },
    [=](atom::flush) -> caf::result<std::uint64_t> {
      auto promise = self->make_response_promise<std::uint64_t>();
      when_drained(
        self, [=]() mutable { promise.deliver(self->state.health.written); });
      return promise;
    },
    [=](atom::health) {
      auto& st = self->state;
      auto h = st.health;
      h.queued = st.queue.size();
      h.failing = st.backoff.count() > 0;
      h.backlogged = h.queued >= st.options.capacity;
      return h;
    },
  };
}

} // namespace ledger
