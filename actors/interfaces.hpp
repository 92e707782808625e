#pragma once

// Every typed actor handle of the engine, one comment per handler.

#include "actors/atoms.hpp"
#include "actors/messages.hpp"
#include "actors/reader_queries.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <string>
#include <vector>

namespace ledger {

/// One ledger: its book, its timer and its tick protocol.
using ledger_actor = caf::typed_actor<
  /// Timer: runs one tick and re-arms itself while running.
  caf::reacts_to<atom::tick>,
  /// Starts ticking (the first tick at once); replies with the new view.
  caf::replies_to<atom::start>::with<ledger_view>,
  /// Stops ticking; the tick in flight completes.
  caf::replies_to<atom::stop>::with<ledger_view>,
  /// The ledger as it stands.
  caf::replies_to<atom::get>::with<ledger_view>,
  /// Trades executed elsewhere, all or nothing (update_ledger). With
  /// expected holdings, applied only if the holdings afterwards equal them;
  /// otherwise nothing changes and the answer is ec::holding_mismatch
  /// carrying the holdings the trades would leave.
  caf::replies_to<atom::report, report_request>::with<report_result>>;

/// The quote cache: the latest price per ticker, with its time.
using market_actor = caf::typed_actor<
  /// A new quote for a ticker (from a feed consumer or a test).
  caf::reacts_to<atom::quote, std::string, price, timestamp>,
  /// The latest prices of the given tickers (those with none are absent).
  caf::replies_to<atom::snapshot, std::vector<std::string>>::with<price_map>,
  /// Internal: publishes the prices to the quote board.
  caf::reacts_to<atom::publish>>;

/// Where a ledger's trade requests go: an in-process algorithm or the
/// AMQP bridge to workers. The caller's request timeout is the deadline.
using gateway_actor =
  caf::typed_actor<caf::replies_to<algo_request>::with<algo_reply>>;

/// Owns the database connection on its own thread; batches writes.
using persistence_actor = caf::typed_actor<
  /// A tick's facts; past the capacity ledgers pause (actors/backlog.hpp).
  caf::reacts_to<atom::write, tick_record>,
  /// A lifecycle change, written in order with the ledger's facts.
  caf::reacts_to<atom::status, status_change>,
  /// Inserts a new ledger; false when the name is taken.
  caf::replies_to<atom::create, ledger_record>::with<bool>,
  /// The last committed state of one ledger (after queued facts land).
  caf::replies_to<atom::load, std::string>::with<ledger_record>,
  /// Every ledger's last committed state (after queued facts land).
  caf::replies_to<atom::load_all>::with<std::vector<ledger_record>>,
  /// The same for the ledgers of some engine shards (of `count`), their
  /// tick gaps closed first.
  caf::replies_to<atom::load_all, std::vector<int>,
                  int>::with<std::vector<ledger_record>>,
  /// Deletes a ledger and its facts; false when unknown.
  caf::replies_to<atom::remove, std::string>::with<bool>,
  /// Replies once everything queued so far is committed.
  caf::replies_to<atom::flush>::with<std::uint64_t>,
  /// Replies once every fact of one ledger queued so far is committed: a
  /// read of that ledger then sees its own writes, without waiting for
  /// every other ledger's.
  caf::replies_to<atom::flush, std::string>::with<bool>,
  /// Connection state and counters.
  caf::replies_to<atom::health>::with<persistence_health>,
  /// Internal: the batch timer and the retry timer.
  caf::reacts_to<atom::tick>>;

/// The supervisor: creates, finds and removes ledgers by name, and restarts
/// a failed ledger from its last committed state.
using registry_actor = caf::typed_actor<
  /// Creates a ledger (and starts it when the flag is set).
  caf::replies_to<atom::create, ledger_config, bool>::with<ledger_view>,
  caf::replies_to<atom::start, std::string>::with<ledger_view>,
  caf::replies_to<atom::stop, std::string>::with<ledger_view>,
  /// Ends every ledger actor (a tick in flight is recorded as skipped);
  /// replies with how many once all are gone, so their last facts are
  /// queued in persistence before anything asked after the reply.
  caf::replies_to<atom::stop>::with<std::size_t>,
  /// Deletes a ledger and its record.
  caf::replies_to<atom::remove, std::string>::with<bool>,
  caf::replies_to<atom::get, std::string>::with<ledger_view>,
  /// Every ledger, ordered by name.
  caf::replies_to<atom::list>::with<std::vector<ledger_view>>,
  /// Reported trades, optionally checked against expected holdings (see
  /// ledger_actor).
  caf::replies_to<atom::report, std::string,
                  report_request>::with<report_result>,
  /// Loads every stored ledger and resumes the running ones; replies with
  /// how many were loaded.
  caf::replies_to<atom::load_all>::with<std::size_t>,
  /// With several nodes: the leases of these shards were taken; loads and
  /// resumes their ledgers. Replies with how many.
  caf::replies_to<atom::acquire, std::vector<int>>::with<std::size_t>,
  /// The leases of these shards are to be given up: ends their ledgers'
  /// actors (a tick in flight is recorded as skipped) and replies once
  /// their last facts are committed (with persistence's count of facts
  /// written so far).
  caf::replies_to<atom::release, std::vector<int>>::with<std::size_t>>;

/// With several ledgerd nodes: the registry's changes (and view) for a
/// ledger whose shard another node holds, carried out by that node through
/// RabbitMQ (actors/forwarder.hpp). Answers as the owner's registry did.
using forwarder_actor = caf::typed_actor<
  caf::replies_to<atom::create, ledger_config, bool>::with<ledger_view>,
  caf::replies_to<atom::start, std::string>::with<ledger_view>,
  caf::replies_to<atom::stop, std::string>::with<ledger_view>,
  caf::replies_to<atom::remove, std::string>::with<bool>,
  caf::replies_to<atom::get, std::string>::with<ledger_view>,
  caf::replies_to<atom::report, std::string,
                  report_request>::with<report_result>,
  /// The owner's reply (correlation id, body), from the broker link.
  caf::reacts_to<atom::reply, std::string, std::string>,
  /// Internal: the forward under this correlation id has waited too long.
  caf::reacts_to<atom::tick, std::string>>;

/// The gateway to algorithm workers over RabbitMQ, plus the replies the
/// broker link hands back (correlation id, body).
using amqp_gateway_actor =
  gateway_actor::extend<caf::reacts_to<atom::reply, std::string, std::string>,
                        /// Internal: forget requests whose deadline passed long
                        /// ago.
                        caf::reacts_to<atom::tick>>;

/// Executes commands from `ledger.commands` against the registry and
/// publishes each reply to the command's reply_to; the delivery is acked
/// with the reply, so a command is redelivered if the engine dies first.
using command_actor =
  caf::typed_actor<caf::reacts_to<atom::command, command_delivery>>;

/// The reader's interface. Failures:
/// - ec::database_unavailable: the database cannot be reached (the reader
///   reconnects on its next query);
/// - ec::invalid_config: the database refused a value the client gave
///   (store's bad_value, e.g. bytes that are not UTF-8): a client error,
///   not an outage;
/// - caf::sec::runtime_error: anything else the database refused;
/// - ec::unknown_ledger: version_query for an unknown ledger.
/// Sentences never contain the password. A reader never dies of a query.
using reader_actor = caf::typed_actor<
  /// A page of fills, in id order (empty for an unknown ledger).
  caf::replies_to<trades_query>::with<std::vector<persistence::trade_row>>,
  /// Value points in tick order.
  caf::replies_to<history_query>::with<std::vector<persistence::valuation_row>>,
  /// A page of value points in tick order.
  caf::replies_to<history_page_query>::with<
    std::vector<persistence::valuation_row>>,
  /// A page of value buckets in time order (empty for an unknown ledger).
  caf::replies_to<buckets_query>::with<persistence::bucket_page>,
  /// id, last tick and revision, in one indexed lookup.
  caf::replies_to<version_query>::with<persistence::ledger_version>,
  /// Statistics of value points and fills, tallies of ticks and
  /// rejections (store::facts).
  caf::replies_to<facts_query>::with<persistence::ledger_facts>,
  /// true once a trivial statement succeeded.
  caf::replies_to<ping_query>::with<bool>,
  caf::replies_to<claim_query>::with<persistence::idempotency_claim>,
  /// false when the claim was gone.
  caf::replies_to<claim_settle>::with<bool>>;

} // namespace ledger
