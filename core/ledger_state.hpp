#pragma once

#include "core/algo_messages.hpp"
#include "core/book.hpp"
#include "core/execution.hpp"
#include "core/ledger_record.hpp"
#include "core/lifecycle.hpp"
#include "core/tick_record.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ledger {

/// The longest run of skipped ticks folded into one record.
inline constexpr std::int64_t max_skip_run = 1000;

/// The longest a ledger whose ticks are being shed waits before it tries
/// again (see ledger_state::on_shed); a ledger of a longer interval never
/// waits more than one interval.
inline constexpr std::chrono::milliseconds max_shed_backoff{1000};

/// One ledger's whole state and its tick protocol, without actors or I/O:
/// the ledger actor feeds it events (timer, snapshot, reply, failure) and
/// carries out what it returns. Everything here is testable directly.
class ledger_state {
public:
  /// Rebuilds a ledger from its stored record (a new one or the last
  /// committed state after a restart).
  explicit ledger_state(const ledger_record& record);

  /// What to do when the timer fires.
  enum class timer_action {
    ignore,      ///< not running: let the timer loop end
    finish,      ///< the lifespan has passed: finish and record the status
    skip,        ///< previous tick still in flight: counted as skipped
    wait,        ///< persistence is behind: do nothing this time
    take_prices, ///< begin a tick: ask the market for a snapshot
    /// begin a tick and end it at once: the ledger's market is closed
    /// (on_market_closed); nothing is asked
    market_closed,
  };

  /// While `backlogged` (persistence is behind) no tick begins.
  timer_action on_timer(timestamp now, bool backlogged = false);

  /// Skipped ticks are coalesced: while ticks keep being skipped (one in
  /// flight when the timer fires, or shed by an overloaded engine), they
  /// are counted, and the run becomes ONE `skipped` record ("12 ticks
  /// skipped: ...") when it ends -- at the next tick that runs, a stop, or
  /// after max_skip_run of them. Under overload every skip written one by
  /// one would cost the database as much as a tick that ran. Returns the
  /// record of a run that just ended (a stopped ledger ends its run), to
  /// persist before anything else: call after every on_timer and lifecycle
  /// change.
  /// With `end`, a run still going ends now (the engine stops).
  std::optional<tick_record> take_skipped(timestamp now, bool end = false);

  /// The tick in flight was shed before it reached a model (the engine is
  /// overloaded): its number is given back and it joins the skip run.
  /// Consecutive sheds back off: the next timer is due after 2, 4, 8 ...
  /// intervals (at most max_shed_backoff), since every attempt in an
  /// overloaded engine costs the CPU the admitted ticks need. The ticks
  /// passed over join the run when that timer fires.
  void on_shed(std::string reason, timestamp now);

  /// When the timer should fire next: one interval, or the back-off after
  /// a shed.
  std::chrono::milliseconds timer_delay() const;

  /// With the snapshot in hand: either the tick ends at once (`no_quote`,
  /// when not one tracked ticker has a price) or here is the request to
  /// send to the algorithm, due by `deadline`.
  std::variant<tick_record, algo_request>
  on_snapshot(const price_map& snapshot, timestamp now, timestamp deadline);

  /// Ends the tick in flight as `market_closed`, the session's reason as
  /// its detail, without a value point. The model's feedback waits for its
  /// next request.
  tick_record on_market_closed(timestamp now);

  /// Applies the algorithm's reply for the tick in flight.
  tick_record on_reply(const algo_reply& reply, timestamp now);

  /// Ends the tick in flight without trades (`timeout`, `model_error`).
  tick_record on_failure(tick_outcome outcome, std::string detail,
                         timestamp now);

  /// How long until the next tick is due: one interval after the last
  /// recorded tick, zero when that has passed or there was none.
  std::chrono::milliseconds next_tick_in(timestamp now) const;

  /// One `missed` record when the engine was down for at least one whole
  /// interval since the last committed tick; nullopt otherwise.
  std::optional<tick_record> missed_since_last_tick(timestamp now);

  /// What a report did.
  struct report_outcome {
    report_result result;              ///< applied, and each trade's outcome
    std::optional<tick_record> record; ///< the `reported` record, if applied
    /// Set when `expected` was given and the trades would leave other
    /// holdings (these): then nothing changed.
    std::optional<holdings> mismatch;
    /// Set when the trades are valid but `expected` holds a negative
    /// count, which no book can equal (core/order.hpp negative_holding):
    /// nothing changed. Trades that break the rules are reported first.
    std::optional<std::string> impossible_expectation;
  };

  /// Reported trades (update_ledger): all or nothing, recorded as one
  /// `reported` record when applied. With `expected`, they apply only if
  /// the holdings afterwards equal it; the check and the change are one
  /// step, so no tick or other report comes between them.
  report_outcome report(const std::vector<order>& trades,
                        const price_map& quotes, timestamp now,
                        const std::optional<holdings>& expected = {});

  /// Lifecycle transitions; on success the caller persists the status.
  std::optional<transition_error> start(timestamp now) {
    return changed(lifecycle_.start(now));
  }
  std::optional<transition_error> stop() { return changed(lifecycle_.stop()); }
  std::optional<transition_error> finish() {
    return changed(lifecycle_.finish());
  }

  /// Grows with every change a reader can see: a finished record (book,
  /// fills, value point) or a status. Cached views of the ledger are valid
  /// while it is equal (api/view_cache.hpp); a tick merely begun does not
  /// count, since nothing of it is readable yet.
  std::uint64_t revision() const { return revision_; }

  bool in_flight() const { return in_flight_ != nullptr; }

  std::optional<std::int64_t> tick_in_flight() const {
    return in_flight_ ? std::optional<std::int64_t>{in_flight_->tick}
                      : std::nullopt;
  }

  /// When the tick in flight began, if one is.
  std::optional<timestamp> in_flight_since() const {
    return in_flight_ ? std::optional<timestamp>{in_flight_->started}
                      : std::nullopt;
  }

  /// The ledger as it would be stored now (book, lifecycle, last tick).
  ledger_record record() const;

  /// Value at the latest known prices; nullopt while a holding has none.
  std::optional<money> value() const;

  const ledger_config& config() const { return config_; }
  const lifecycle& life() const { return lifecycle_; }
  const class book& book() const { return book_; }

private:
  struct tick_in_progress {
    std::int64_t tick;
    timestamp started;
    price_map snapshot;
  };

  std::optional<transition_error> changed(std::optional<transition_error> e) {
    if (!e)
      ++revision_;
    return e;
  }
  bool tracks(std::string_view ticker) const;
  void note_skip(std::string reason, timestamp now);
  void end_skip_run(timestamp now);
  tick_record begin_record(std::int64_t tick, tick_outcome outcome,
                           timestamp now, timestamp started);
  tick_record finish_record(tick_record r);

  /// The execution rules are derived from config_ when a tick applies
  /// orders, not kept: a copy of the tickers in every idle ledger costs
  /// more memory than rebuilding them costs time.
  ledger_config config_;
  class book book_;
  lifecycle lifecycle_;
  std::int64_t last_tick_;
  optional_time last_tick_at_;
  timestamp created_at_;
  price_map marks_; ///< latest price seen per ticker
  // Rarely present, so held by pointer: an idle ledger's state stays small
  // (one per ledger, a million ledgers per engine).
  std::unique_ptr<tick_in_progress> in_flight_;
  struct skip_run {
    std::int64_t count = 0;
    timestamp last;
    std::string reason;           ///< of the latest skip
    std::int32_t sheds = 0;       ///< consecutive, for the back-off
    std::int32_t passed_over = 0; ///< ticks the back-off will skip
  };
  std::unique_ptr<skip_run> skips_;
  std::unique_ptr<tick_record> ended_run_; ///< for take_skipped
  std::uint64_t revision_ = 0;             ///< see revision()
  /// What the model hears in its next book_status: fills since its last
  /// request, rejections of its last orders. Allocated on the first.
  struct model_feedback {
    std::vector<fill> fills;
    std::vector<rejection> rejections;
  };
  std::unique_ptr<model_feedback> feedback_;
  model_feedback& feedback();
  void note_feedback(const std::vector<fill>& fills);
};

} // namespace ledger
