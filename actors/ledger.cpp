#include "actors/ledger.hpp"

#include "actors/errors.hpp"
#include "actors/tick_timer.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>

namespace ledger {

namespace {

using self_ptr = ledger_actor::stateful_pointer<ledger_actor_state>;

ledger_state& book_of(self_ptr self) {
  return *self->state.ledger;
}

timestamp now(self_ptr self) {
  return self->state.deps->clock();
}

bool backlogged(self_ptr self) {
  auto& backlog = self->state.deps->backlog;
  return backlog && backlog->is_full();
}

ledger_view view_of(self_ptr self) {
  auto& st = book_of(self);
  return ledger_view{st.record(), st.value(),    backlogged(self),
                     self->id(),  st.revision(), st.tick_in_flight()};
}

void persist_skipped(self_ptr self);

void persist(self_ptr self, tick_record record) {
  if (auto& metrics = self->state.deps->metrics)
    metrics->record(record);
  if (auto& events = self->state.deps->events)
    events->tick(record);
  self->send(self->state.deps->persistence, atom::write::value,
             std::move(record));
  persist_skipped(self); // a run of skips the tick ended comes right after
}

// The record of a run of skipped ticks that just ended, if any: written
// before whatever comes next, in tick-number order.
void persist_skipped(self_ptr self) {
  if (auto run = book_of(self).take_skipped(now(self)))
    persist(self, std::move(*run));
}

// Keeps /metrics' count of ledgers by status in step with this ledger.
void count_status(self_ptr self) {
  auto& s = self->state;
  auto& metrics = s.deps->metrics;
  if (!metrics)
    return;
  auto status = book_of(self).life().status();
  if (!s.counted)
    metrics->ledger_joined(status);
  else if (s.counted_status != status)
    metrics->ledger_moved(s.counted_status, status);
  s.counted = true;
  s.counted_status = status;
}

// A ledger that ends for good gives back what it holds elsewhere: its
// quote bindings and the model instance a worker keeps for it. A finished
// ledger never ticks again, so it holds neither from then on.
void release_outside(self_ptr self) {
  auto& events = self->state.deps->events;
  if (!events)
    return;
  auto& c = book_of(self).config();
  events->untrack(c.tickers);
  events->release(c.name);
}

void persist_status(self_ptr self) {
  count_status(self);
  persist_skipped(self);
  auto& st = book_of(self);
  if (auto& events = self->state.deps->events)
    events->status(st.config().name, st.life().status(), now(self));
  if (st.life().status() == ledger_status::finished)
    release_outside(self);
  self->send(self->state.deps->persistence, atom::status::value,
             status_change{st.config().name, st.life().status(),
                           st.life().first_started()});
}

std::vector<std::string> tracked(self_ptr self) {
  return book_of(self).config().tickers;
}

// How long a tick may wait for its model's answer.
std::chrono::milliseconds deadline_of(self_ptr self) {
  return std::min(book_of(self).config().interval,
                  self->state.deps->max_deadline);
}

// Sends the tick's request to the algorithm and applies what comes back.
// Asked without a timeout: the gateway answers every request by its
// deadline (`timeout` when no worker did), and a CAF request timeout would
// cost a clock entry and a message for every tick (expire_overdue covers a
// gateway that fails to answer).
void ask_algorithm(self_ptr self, algo_request request) {
  auto tick = request.tick;
  self->request(self->state.deps->gateway, caf::infinite, std::move(request))
    .then(
      [=](algo_reply& reply) {
        // A reply for another tick is late or a duplicate: drop it.
        if (reply.tick != tick || book_of(self).tick_in_flight() != tick)
          return;
        if (reply.error == algo_failure::overloaded) {
          // Shed before a model saw it: it joins the run of skips.
          book_of(self).on_shed(reply.error_message, now(self));
          persist_skipped(self);
          return;
        }
        persist(self, book_of(self).on_reply(reply, now(self)));
      },
      [=](caf::error& e) {
        if (book_of(self).tick_in_flight() != tick)
          return;
        // The gateway gone means the engine is stopping: not the model's
        // doing, so not a model_error.
        if (e == caf::sec::request_receiver_down) {
          persist(self,
                  book_of(self).on_failure(
                    tick_outcome::skipped,
                    "the engine stopped before asking the model", now(self)));
          return;
        }
        // Asked without a timeout: any other error is the gateway's.
        persist(self, book_of(self).on_failure(tick_outcome::model_error,
                                               message_of(e), now(self)));
      });
}

// With the tick's prices: the tick ends (no quote) or its request goes out.
void with_prices(self_ptr self, const price_map& snapshot) {
  auto& st = book_of(self);
  auto at = now(self);
  auto step = st.on_snapshot(snapshot, at, at + deadline_of(self));
  if (auto record = std::get_if<tick_record>(&step))
    persist(self, std::move(*record));
  else
    ask_algorithm(self, std::get<algo_request>(std::move(step)));
}

// A tick still in flight past its deadline ends as a timeout here, should
// its answer never come (a gateway that stopped answering); the answer, if
// it comes after all, is then dropped as one for another tick.
void expire_overdue(self_ptr self, timestamp at) {
  auto& st = book_of(self);
  auto since = st.in_flight_since();
  if (!since || at < *since + deadline_of(self))
    return;
  persist(self, st.on_failure(tick_outcome::timeout,
                              "no answer from the algorithm gateway by the "
                              "tick's deadline",
                              at));
}

void take_prices(self_ptr self) {
  auto& deps = *self->state.deps;
  if (deps.admission && deps.admission->full()) {
    book_of(self).on_shed(std::to_string(deps.admission->limit.load()) +
                            " requests in flight; the workers are behind",
                          now(self));
    persist_skipped(self);
    return;
  }
  if (deps.board) {
    with_prices(self, deps.board->snapshot(tracked(self)));
    return;
  }
  // Answered after the tick ended (expire_overdue): nothing to do.
  auto tick = book_of(self).tick_in_flight();
  auto current = [=] { return book_of(self).tick_in_flight() == tick; };
  self
    ->request(deps.market, deps.snapshot_timeout, atom::snapshot::value,
              tracked(self))
    .then(
      [=](price_map& snapshot) {
        if (current())
          with_prices(self, snapshot);
      },
      [=](caf::error& e) {
        if (current())
          persist(self, book_of(self).on_failure(
                          tick_outcome::no_quote,
                          "market unavailable: " + message_of(e), now(self)));
      });
}

void on_timer(self_ptr self) {
  auto& st = book_of(self);
  auto at = now(self);
  expire_overdue(self, at);
  auto action = st.on_timer(at, backlogged(self));
  persist_skipped(self);
  switch (action) {
  case ledger_state::timer_action::ignore:
    self->state.timer_armed = false;
    return;
  case ledger_state::timer_action::finish:
    st.finish();
    persist_status(self);
    self->state.timer_armed = false;
    return;
  case ledger_state::timer_action::skip:
    break;
  case ledger_state::timer_action::wait:
    break;
  case ledger_state::timer_action::take_prices:
    take_prices(self);
    break;
  case ledger_state::timer_action::market_closed:
    persist(self, st.on_market_closed(at));
    break;
  }
  self->delayed_send(self, st.timer_delay(), atom::tick::value);
}

caf::error transition_failed(self_ptr self, transition_error e) {
  return make_error(ec::invalid_transition,
                    "ledger " + book_of(self).config().name + " is " +
                      std::string{to_string(book_of(self).life().status())} +
                      " (" + std::string{to_string(e)} + ")");
}

// Reported trades, all or nothing, decided by ledger_state::report (with
// `expected`, only if the holdings afterwards equal it).
caf::result<report_result> report(self_ptr self, std::vector<order> trades,
                                  std::optional<holdings> expected) {
  if (book_of(self).life().status() == ledger_status::finished)
    return transition_failed(self, transition_error::finished);
  auto promise = self->make_response_promise<report_result>();
  // Fill unpriced trades at the current quote, not the last tick's.
  auto apply = [=](const price_map& quotes) mutable {
    auto out = book_of(self).report(trades, quotes, now(self), expected);
    if (out.impossible_expectation) {
      promise.deliver(
        make_error(ec::invalid_value, std::move(*out.impossible_expectation)));
      return;
    }
    if (out.mismatch) {
      promise.deliver(make_error(
        ec::holding_mismatch,
        "the trades would leave other holdings than the request states",
        caf::make_message(std::move(*out.mismatch))));
      return;
    }
    if (!out.record) { // refused: nothing changed, nothing to wait for
      promise.deliver(std::move(out.result));
      return;
    }
    persist(self, std::move(*out.record));
    // Answered once committed: a client told "applied" finds the trades in
    // the record even if the engine dies the next moment.
    auto& deps = *self->state.deps;
    self
      ->request(deps.persistence, deps.commit_timeout, atom::flush::value,
                book_of(self).config().name)
      .then([=](bool) mutable { promise.deliver(out.result); },
            [=](caf::error&) mutable {
              promise.deliver(make_error(
                ec::database_unavailable,
                "the trades were applied but the database has not confirmed "
                "them; they will be recorded when it answers: do not send "
                "them again"));
            });
  };
  if (auto& board = self->state.deps->board) {
    apply(board->snapshot(tracked(self)));
    return promise;
  }
  self
    ->request(self->state.deps->market, self->state.deps->snapshot_timeout,
              atom::snapshot::value, tracked(self))
    .then([=](price_map& quotes) mutable { apply(quotes); },
          [=](caf::error&) mutable { apply(price_map{}); });
  return promise;
}

} // namespace

ledger_actor_state::~ledger_actor_state() {
  if (counted && deps && deps->metrics)
    deps->metrics->ledger_left(counted_status);
}

caf::error ledger_deleted() {
  return make_error(ec::unknown_ledger, "the ledger was deleted");
}

ledger_actor::behavior_type ledger_fn(self_ptr self, ledger_record record,
                                      std::shared_ptr<const ledger_deps> deps) {
  self->state.deps = std::move(deps);
  self->state.ledger.emplace(record);
  count_status(self);
  // Stopped with a tick in flight (the engine stops, the ledger is
  // deleted): record it, so its number is not a gap in the record.
  self->set_exit_handler([=](const caf::exit_msg& msg) {
    auto& st = book_of(self);
    if (st.in_flight())
      persist(self, st.on_failure(tick_outcome::skipped,
                                  "the engine stopped before the model "
                                  "answered",
                                  now(self)));
    if (auto run = st.take_skipped(now(self), true))
      persist(self, std::move(*run));
    if (msg.reason == ledger_deleted() &&
        st.life().status() != ledger_status::finished)
      release_outside(self);
    self->quit(msg.reason);
  });
  auto& events = self->state.deps->events;
  if (events && book_of(self).life().status() != ledger_status::finished)
    events->track(book_of(self).config().tickers);
  // When it is due, from the last committed tick (read before the missed
  // record moves that): the latest tick due runs at once, the ones before
  // it are the missed record.
  auto due_in = book_of(self).next_tick_in(now(self));
  if (auto missed = book_of(self).missed_since_last_tick(now(self)))
    persist(self, std::move(*missed));
  if (book_of(self).life().status() == ledger_status::running)
    arm_timer(self, due_in);
  return {
    [=](atom::tick) { on_timer(self); },
    [=](atom::start) -> caf::result<ledger_view> {
      auto& st = book_of(self);
      auto before = st.life().status();
      auto failed = st.start(now(self));
      if (st.life().status() != before)
        persist_status(self);
      if (failed && *failed != transition_error::already_running)
        return transition_failed(self, *failed);
      arm_timer(self);
      return view_of(self);
    },
    [=](atom::stop) -> caf::result<ledger_view> {
      auto& st = book_of(self);
      auto failed = st.stop();
      if (failed == transition_error::finished)
        return transition_failed(self, *failed);
      if (!failed)
        persist_status(self);
      return view_of(self);
    },
    [=](atom::get) { return view_of(self); },
    [=](atom::report, report_request& r) -> caf::result<report_result> {
      return report(self, std::move(r.trades), std::move(r.expected));
    },
  };
}

} // namespace ledger
