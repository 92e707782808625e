#include "core/ledger_state.hpp"

#include "core/market_hours.hpp"
#include "core/valuation.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ledger {

namespace {

std::chrono::microseconds elapsed(timestamp from, timestamp to) {
  return std::chrono::duration_cast<std::chrono::microseconds>(to - from);
}

} // namespace

ledger_state::ledger_state(const ledger_record& record)
  : config_(record.config), book_(record.balance, record.positions),
    lifecycle_(record.config.lifespan, record.status, record.first_started),
    last_tick_(record.last_tick), last_tick_at_(record.last_tick_at),
    created_at_(record.created_at) {}

ledger_state::timer_action ledger_state::on_timer(timestamp now,
                                                  bool backlogged) {
  if (lifecycle_.status() != ledger_status::running) {
    end_skip_run(now);
    return timer_action::ignore;
  }
  if (lifecycle_.expired(now)) {
    end_skip_run(now);
    return timer_action::finish;
  }
  if (skips_ && skips_->passed_over > 0) {
    skips_->count += std::exchange(skips_->passed_over, 0);
    skips_->last = now;
    if (skips_->count >= max_skip_run)
      end_skip_run(now);
  }
  if (in_flight_) {
    note_skip(
      "tick " + std::to_string(in_flight_->tick) + " was still in flight", now);
    return timer_action::skip;
  }
  if (backlogged)
    return timer_action::wait;
  in_flight_ =
    std::make_unique<tick_in_progress>(tick_in_progress{++last_tick_, now, {}});
  // Ledgers without a calendar (most) pay one comparison here.
  if (config_.calendar != market_calendar::none &&
      !session_at(config_.calendar, now).open)
    return timer_action::market_closed;
  return timer_action::take_prices;
}

tick_record ledger_state::on_market_closed(timestamp now) {
  if (!in_flight_)
    throw std::logic_error("market closed without a tick in flight");
  auto started = in_flight_->started;
  auto r =
    begin_record(in_flight_->tick, tick_outcome::market_closed, now, started);
  r.detail = std::string{to_string(config_.calendar)} + " closed: " +
             std::string{session_at(config_.calendar, started).reason};
  r = finish_record(std::move(r));
  // No value point: the series keeps to the sessions, so statistics see
  // one return across a closure (as across a stop), not a run of flat
  // periods that would dilute volatility.
  r.value.reset();
  return r;
}

ledger_state::model_feedback& ledger_state::feedback() {
  if (!feedback_)
    feedback_ = std::make_unique<model_feedback>();
  return *feedback_;
}

void ledger_state::note_feedback(const std::vector<fill>& fills) {
  if (fills.empty())
    return;
  auto& pending = feedback().fills;
  pending.insert(pending.end(), fills.begin(), fills.end());
}

void ledger_state::note_skip(std::string reason, timestamp now) {
  if (!skips_)
    skips_ = std::make_unique<skip_run>();
  ++skips_->count;
  skips_->last = now;
  skips_->reason = std::move(reason);
  if (skips_->count >= max_skip_run)
    end_skip_run(now);
}

void ledger_state::end_skip_run(timestamp now) {
  if (!skips_ || ended_run_)
    return;
  auto run = std::move(*skips_);
  skips_.reset();
  auto r = begin_record(++last_tick_, tick_outcome::skipped, now, now);
  r.detail = std::to_string(run.count) +
             (run.count == 1 ? " tick skipped: " : " ticks skipped: ") +
             run.reason;
  ended_run_ = std::make_unique<tick_record>(finish_record(std::move(r)));
}

void ledger_state::on_shed(std::string reason, timestamp now) {
  if (!in_flight_)
    throw std::logic_error("shed without a tick in flight");
  // Nothing of the tick happened: its number goes back unused.
  if (in_flight_->tick == last_tick_)
    --last_tick_;
  in_flight_.reset();
  note_skip(std::move(reason), now);
  if (!skips_)
    return; // the run just ended at max_skip_run: start afresh
  auto most = std::max<std::int64_t>(1, max_shed_backoff / config_.interval);
  auto wait = std::min<std::int64_t>(
    std::int64_t{1} << std::min(skips_->sheds + 1, 20), most);
  ++skips_->sheds;
  skips_->passed_over = static_cast<std::int32_t>(wait - 1);
}

std::chrono::milliseconds ledger_state::timer_delay() const {
  auto intervals = 1 + (skips_ ? skips_->passed_over : 0);
  return config_.interval * intervals;
}

std::optional<tick_record> ledger_state::take_skipped(timestamp now, bool end) {
  if (end || lifecycle_.status() != ledger_status::running)
    end_skip_run(now);
  if (!ended_run_)
    return std::nullopt;
  auto r = std::move(*ended_run_);
  ended_run_.reset();
  return r;
}

std::variant<tick_record, algo_request>
ledger_state::on_snapshot(const price_map& snapshot, timestamp now,
                          timestamp deadline) {
  if (!in_flight_)
    throw std::logic_error("snapshot without a tick in flight");
  for (auto& [ticker, quote] : snapshot)
    if (tracks(ticker)) {
      in_flight_->snapshot.insert_or_assign(ticker, quote);
      marks_.insert_or_assign(ticker, quote);
    }
  if (in_flight_->snapshot.empty()) {
    auto r = begin_record(in_flight_->tick, tick_outcome::no_quote, now,
                          in_flight_->started);
    in_flight_.reset();
    return finish_record(std::move(r));
  }
  algo_request request;
  request.ledger = config_.name;
  request.tick = in_flight_->tick;
  request.time = in_flight_->started;
  request.deadline = deadline;
  request.algo = config_.algo_path;
  request.balance = book_.balance();
  request.positions = book_.positions();
  request.prices = in_flight_->snapshot;
  request.value = value();
  if (feedback_) {
    request.trades = std::move(feedback_->fills);
    request.rejected = feedback_->rejections;
    feedback_->fills.clear();
  }
  return request;
}

tick_record ledger_state::on_reply(const algo_reply& reply, timestamp now) {
  if (!in_flight_ || reply.tick != in_flight_->tick)
    throw std::logic_error("reply for a tick that is not in flight");
  if (reply.error)
    return on_failure(
      outcome_of(*reply.error),
      std::string{to_string(*reply.error)} + ": " + reply.error_message, now);
  auto r =
    begin_record(in_flight_->tick, tick_outcome::ok, now, in_flight_->started);
  r.rejections = reply.malformed;
  for (auto& outcome : apply_orders(book_, reply.orders, in_flight_->snapshot,
                                    rules_of(config_))) {
    if (auto f = std::get_if<fill>(&outcome))
      r.fills.push_back(std::move(*f));
    else
      r.rejections.push_back(std::get<rejection>(std::move(outcome)));
  }
  note_feedback(r.fills);
  feedback().rejections = r.rejections;
  return finish_record(std::move(r));
}

tick_record ledger_state::on_failure(tick_outcome outcome, std::string detail,
                                     timestamp now) {
  if (!in_flight_)
    throw std::logic_error("failure without a tick in flight");
  auto r = begin_record(in_flight_->tick, outcome, now, in_flight_->started);
  r.detail = std::move(detail);
  if (feedback_)
    feedback_->rejections.clear();
  return finish_record(std::move(r));
}

std::chrono::milliseconds ledger_state::next_tick_in(timestamp now) const {
  if (!last_tick_at_)
    return std::chrono::milliseconds{0};
  auto due = *last_tick_at_ + config_.interval;
  if (due <= now)
    return std::chrono::milliseconds{0};
  return std::chrono::ceil<std::chrono::milliseconds>(due - now);
}

std::optional<tick_record> ledger_state::missed_since_last_tick(timestamp now) {
  if (lifecycle_.status() != ledger_status::running || !last_tick_at_)
    return std::nullopt;
  auto gap = now - *last_tick_at_;
  auto intervals = gap / config_.interval;
  // The tick due one interval after the last is the one we are about to
  // run; only those before it were missed.
  if (intervals < 2)
    return std::nullopt;
  auto r = begin_record(++last_tick_, tick_outcome::missed, now, now);
  r.detail =
    std::to_string(intervals - 1) + " ticks missed while the engine was down";
  return finish_record(std::move(r));
}

ledger_state::report_outcome
ledger_state::report(const std::vector<order>& trades, const price_map& quotes,
                     timestamp now, const std::optional<holdings>& expected) {
  for (auto& [ticker, quote] : quotes)
    if (tracks(ticker))
      marks_.insert_or_assign(ticker, quote);
  // Decided on a copy of the book only, so a mismatch changes nothing.
  auto trial = book_;
  report_outcome out;
  out.result = apply_report(trial, trades, marks_, rules_of(config_));
  if (!out.result.applied)
    return out;
  if (expected)
    if (auto why = negative_holding(*expected)) {
      out.impossible_expectation = std::move(why);
      return out;
    }
  if (expected && trial.positions() != *expected) {
    out.mismatch = trial.positions();
    return out;
  }
  book_ = std::move(trial);
  auto r = begin_record(++last_tick_, tick_outcome::reported, now, now);
  for (auto& outcome : out.result.outcomes) {
    auto& f = std::get<fill>(outcome);
    // With no quote yet, the execution price is the best mark we know.
    marks_.emplace(f.ticker, f.fill_price);
    r.fills.push_back(f);
  }
  note_feedback(r.fills);
  out.record = finish_record(std::move(r));
  return out;
}

bool ledger_state::tracks(std::string_view ticker) const {
  for (auto& t : config_.tickers)
    if (t == ticker)
      return true;
  return false;
}

ledger_record ledger_state::record() const {
  ledger_record r;
  r.config = config_;
  r.status = lifecycle_.status();
  r.first_started = lifecycle_.first_started();
  r.balance = book_.balance();
  r.positions = book_.positions();
  r.last_tick = last_tick_;
  r.last_tick_at = last_tick_at_;
  r.created_at = created_at_;
  return r;
}

std::optional<money> ledger_state::value() const {
  return value_of(book_, marks_);
}

tick_record ledger_state::begin_record(std::int64_t tick, tick_outcome outcome,
                                       timestamp now, timestamp started) {
  tick_record r;
  r.ledger = config_.name;
  r.tick = tick;
  r.time = now;
  r.outcome = outcome;
  r.latency = elapsed(started, now);
  return r;
}

tick_record ledger_state::finish_record(tick_record r) {
  ++revision_;
  r.balance = book_.balance();
  r.positions = book_.positions();
  r.value = value();
  if (in_flight_ && in_flight_->tick == r.tick)
    in_flight_.reset();
  if (!last_tick_at_ || r.time > *last_tick_at_)
    last_tick_at_ = r.time;
  // A tick that ran, whatever its outcome, ends the run of skips before
  // it; the run's record follows this one (take_skipped).
  if (r.outcome != tick_outcome::skipped && r.outcome != tick_outcome::missed &&
      r.outcome != tick_outcome::reported)
    end_skip_run(r.time);
  return r;
}

} // namespace ledger
