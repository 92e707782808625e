#pragma once

// The ledger's Postgres store. Deliberately free of <pqxx/pqxx> (slow to
// compile): the connection lives behind a pimpl.

#include "core/ledger_record.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/outcome.hpp"
#include "core/tick_record.hpp"
#include "persistence/ledger_facts.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ledger::persistence {

/// Thrown by migrate() when the database is newer than this binary.
struct schema_too_new : std::runtime_error {
  using runtime_error::runtime_error;
};

/// The database cannot be reached or the connection broke; the operation did
/// not happen (or, for a commit, may be in doubt — writes are idempotent).
/// Callers may retry. Its message never contains the password.
struct store_unavailable : std::runtime_error {
  using runtime_error::runtime_error;
};

/// The connection broke during a COMMIT (the server went away, or stopped
/// answering for longer than the store's stall limit): the transaction may
/// have taken effect. A store_unavailable, so whoever retries idempotent
/// writes need not tell them apart; a caller that must answer a client
/// says "in doubt", not "nothing changed".
struct outcome_unknown : store_unavailable {
  using store_unavailable::store_unavailable;
};

/// The database refused a value the caller gave: a data exception (SQLSTATE
/// class 22, e.g. 22021 for bytes that are not UTF-8) or an integrity
/// violation (class 23), or a text with a NUL byte, which Postgres cannot
/// store. The caller's input is at fault, not the database: the same call
/// fails the same way, and the connection stays up. Its message never
/// contains the password.
struct bad_value : std::runtime_error {
  bad_value(const std::string& what, std::string sqlstate)
    : runtime_error(what), sqlstate_(std::move(sqlstate)) {}

  /// The server's SQLSTATE ("22021"), or "" when refused before sending.
  const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
  std::string sqlstate_;
};

/// One stored fill. `id` grows in insertion order and pages trades().
struct trade_row {
  std::int64_t id;
  std::int64_t tick;
  int n; ///< index among the tick's fills, from 0
  timestamp time;
  fill trade;
};

/// One point of value history.
struct valuation_row {
  std::int64_t tick;
  timestamp time;
  money value;
  money balance;
};

/// Value history within one time bucket (value_buckets): its last point,
/// highest and lowest value.
struct value_bucket {
  timestamp start;        ///< the bucket is [start, start + step)
  std::int64_t last_tick; ///< the bucket's last point (latest time)...
  timestamp last_time;
  money last;         ///< ...its value...
  money last_balance; ///< ...and its cash balance
  money high;
  money low;
  std::int64_t points; ///< how many points fell in the bucket
};

/// Which buckets value_buckets reads: a page of them.
struct bucket_request {
  std::chrono::microseconds step{0}; ///< > 0; buckets are epoch multiples
  /// The cursor: only buckets that start after this time (the start of the
  /// previous page's last bucket); none for the first page.
  std::optional<timestamp> after;
  std::size_t limit = 100; ///< at most this many buckets, > 0
  /// Inclusive bounds on the points' times; a bucket they cut holds only
  /// the points within them.
  std::optional<timestamp> from;
  std::optional<timestamp> to;
};

/// A page of buckets, in time order.
struct bucket_page {
  std::vector<value_bucket> buckets;
  /// Points lie after the page's last bucket (within `to`): ask again with
  /// that bucket's start as `after`. A page may be shorter than its limit
  /// and still have more when the history has gaps.
  bool more = false;
};

/// What changes whenever anything readable about a ledger changes: a cache
/// of its views is valid while the version is equal.
struct ledger_version {
  std::int64_t id;        ///< a deleted and re-created ledger has a new id
  std::int64_t last_tick; ///< the highest committed tick
  /// Bumped by every write that changes the ledger: a batch of its ticks or
  /// a status. Needed besides last_tick, which a record written out of tick
  /// order (docs/persistence.md) leaves unchanged while facts are added.
  std::int64_t revision;

  friend bool operator==(const ledger_version& a, const ledger_version& b) {
    return a.id == b.id && a.last_tick == b.last_tick &&
           a.revision == b.revision;
  }
  friend bool operator!=(const ledger_version& a, const ledger_version& b) {
    return !(a == b);
  }
};

/// One stored rejection.
struct rejection_row {
  std::int64_t tick;
  int n; ///< index among the tick's rejections, from 0
  timestamp time;
  rejection what;
};

/// How one tick ended.
struct tick_row {
  std::int64_t tick;
  timestamp time;
  tick_outcome outcome;
  std::chrono::microseconds latency;
  std::string detail;
};

/// What claiming an idempotency key found.
enum class claim_state {
  claimed,        ///< the key is new: apply the request, then finish it
  replay,         ///< done before: answer with the stored response
  mismatch,       ///< the key was used with a different request
  in_progress,    ///< claimed by a request that has not finished
  unknown_ledger, ///< no ledger of that name
};

/// The answer of claim_idempotency_key; status and response for replay.
struct idempotency_claim {
  claim_state state = claim_state::claimed;
  int status = 0;
  std::string response;
};

/// Ledgers and their append-only facts in Postgres. One connection; not
/// thread-safe: owned by one thread (a blocking actor).
///
/// Times are stored as TIMESTAMPTZ, which keeps microseconds: they come back
/// floored to the microsecond. Money is NUMERIC, exact both ways.
///
/// Every read of one ledger's facts finds the ledger's id by name within the
/// statement and then reads through an index that starts with ledger_id, so
/// its cost follows that ledger's rows, never the other ledgers'.
///
/// Errors: store_unavailable when the server cannot be reached or the
/// connection broke (a call that finds an idle connection broken reconnects
/// and retries once by itself); bad_value when the database refuses a value
/// the caller gave; std::runtime_error for anything else the database
/// refuses or stored data that does not decode. No message contains the
/// password.
/// The leases a node writes under: the number of engine shards and the
/// epoch of each shard it holds (core/engine_shard.hpp).
struct write_fence {
  int shards = 0;
  std::map<int, std::int64_t> epochs;
};

/// What a fenced write did.
struct fenced_write {
  std::size_t written = 0;
  std::vector<int> refused; ///< shards whose records were not written
};

class store {
public:
  /// How long one call may wait on the server before its connection is
  /// broken (persistence/stall_breaker.hpp): far above any call's cost
  /// (a batch of writes, deleting a big ledger), far below "forever".
  static constexpr std::chrono::milliseconds default_stall_limit{20'000};

  /// Connects (connect_timeout 5 s unless the URL sets one); throws
  /// store_unavailable, or std::invalid_argument when libpq cannot parse
  /// the URL (a mistake to fix, not an outage to wait out). A call that
  /// waits on the server longer than `stall_limit` (zero: no limit) fails
  /// as store_unavailable, or outcome_unknown if it was committing.
  /// Migrations have no limit: building an index may take long.
  explicit store(std::string url,
                 std::chrono::milliseconds stall_limit = default_stall_limit);
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  /// Applies pending migrations; returns the schema version now in force.
  /// Safe to run from several processes at once. Throws schema_too_new when
  /// the database is ahead of this binary.
  int migrate();

  /// The schema version this binary's migrations reach.
  static int known_schema_version();

  /// Stores a new ledger; false when the name is taken.
  bool create_ledger(const ledger_record& r);

  std::optional<ledger_record> find_ledger(std::string_view name);

  /// Ordered by name (bytewise), names > after, at most limit.
  std::vector<ledger_record> list_ledgers(std::string_view after = "",
                                          std::size_t limit = 1000);

  /// Records as `skipped` every tick number missing below a ledger's
  /// last_tick (among its last ten): a tick that was in flight when the
  /// engine (or the ledger's actor) died while a later record of its
  /// ledger (a report) was already committed. Run before ledgers are
  /// loaded, so ticks run 1..N again: for every ledger, or for the one
  /// named. Returns how many it recorded.
  std::size_t close_tick_gaps(std::string_view ledger = {});

  /// Removes the ledger and all its facts; false when unknown.
  bool delete_ledger(std::string_view name);

  /// Sets the status, and first_started when given (nullopt keeps the
  /// stored value). false when unknown, or when `fence` is given and the
  /// ledger's shard is not the writer's at its epoch (then nothing is
  /// written, as for write_ticks).
  bool update_status(std::string_view name, ledger_status status,
                     std::optional<timestamp> first_started,
                     const write_fence* fence = nullptr);

  /// Writes the records in ONE transaction. Idempotent per (ledger, tick): a
  /// record whose (ledger, tick) already exists, or repeats an earlier one
  /// of the batch, is skipped whole. Records naming an unknown (deleted)
  /// ledger are skipped. For each ledger, the last record written (records
  /// come in the order the ledger's book changed) sets balance and
  /// holdings; last_tick and last_tick_at only move forward. Returns how
  /// many records were newly written.
  std::size_t write_ticks(const std::vector<tick_record>& records);

  /// The same, fenced (docs/scale-out.md, "Fencing"): a record is written
  /// only when `fence` holds its ledger's shard at the epoch the database
  /// has for that shard, checked under a share lock of the shard's row in
  /// the writing transaction, so a lease taken over (its epoch raised)
  /// before this commit makes every later write of the old holder fail.
  /// The shards refused are returned; their records are not written.
  fenced_write write_ticks(const std::vector<tick_record>& records,
                           const write_fence& fence);

  /// Fills in id order, ids > after_id, at most limit; empty when the
  /// ledger is unknown.
  std::vector<trade_row> trades(std::string_view ledger,
                                std::int64_t after_id = 0,
                                std::size_t limit = 1000);

  /// How many fills the ledger has; 0 when unknown. Counts index entries,
  /// without reading the rows.
  std::uint64_t trade_count(std::string_view ledger);

  /// Value history in tick order, times within [from, to] when given.
  std::vector<valuation_row> valuations(std::string_view ledger,
                                        std::optional<timestamp> from = {},
                                        std::optional<timestamp> to = {});

  /// Value history in tick order, ticks > after_tick, times within
  /// [from, to] when given, at most limit: pages of a long history.
  std::vector<valuation_row> valuation_page(std::string_view ledger,
                                            std::int64_t after_tick = 0,
                                            std::size_t limit = 1000,
                                            std::optional<timestamp> from = {},
                                            std::optional<timestamp> to = {});

  /// Value history downsampled (persistence/history.cpp): one row per
  /// bucket of `step` (aligned to the epoch) that holds points, in time
  /// order, a page of at most `limit` buckets after the cursor. One index
  /// range scan of this ledger's points, at most `limit` buckets long, so
  /// a page costs what it holds. Empty for an unknown ledger. Throws
  /// std::invalid_argument unless step > 0 and limit > 0.
  bucket_page value_buckets(std::string_view ledger,
                            const bucket_request& request);

  /// The ledger's version, in one lookup by name; nullopt when unknown.
  std::optional<ledger_version> version(std::string_view ledger);

  /// Rejections in (tick, n) order.
  std::vector<rejection_row> rejections(std::string_view ledger);

  /// Tick outcomes in tick order.
  std::vector<tick_row> ticks(std::string_view ledger);

  /// The ledger's statistics (persistence/stat_reads.cpp): its value points
  /// and fills within the request's window streamed page by page into the
  /// accumulators of core/statistics.hpp, and with `tallies` its ticks by
  /// outcome and rejections by code, all in one read-only snapshot. Empty
  /// for an unknown ledger.
  ledger_facts facts(std::string_view ledger, const facts_request& request);

  // -- for the REST adapter (persistence/idempotency.cpp) -------------------

  /// One trivial statement: true when the database answers.
  bool ping();

  /// Claims `key` for a request on `ledger` before the request applies, so
  /// a retry cannot apply it twice. `request_hash` tells a retry from a
  /// different request reusing the key.
  idempotency_claim claim_idempotency_key(std::string_view ledger,
                                          std::string_view key,
                                          std::string_view request_hash);

  /// Stores the response of a claimed key for replay; false when the claim
  /// is gone (the ledger was deleted).
  bool finish_idempotency_key(std::string_view ledger, std::string_view key,
                              int status, std::string_view response);

  /// Gives up a pending claim whose request certainly did not apply, so a
  /// retry may run it; false when there was none.
  bool release_idempotency_key(std::string_view ledger, std::string_view key);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace ledger::persistence
