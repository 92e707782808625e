#pragma once

// A read-only window on the database for the REST adapter. It owns its own
// connection on its own thread (spawn it detached: libpqxx blocks), so
// queries neither wait behind the persistence actor's batches nor stall
// CAF's workers. Each request is a struct naming the query.

#include "actors/messages.hpp"
#include "persistence/store.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ledger {

/// A page of a ledger's fills: ids > after_id, at most limit.
struct trades_query {
  std::string ledger;
  std::int64_t after_id = 0;
  std::size_t limit = 100;
};

/// Value history within [from, to] (either bound optional).
struct history_query {
  std::string ledger;
  std::optional<timestamp> from;
  std::optional<timestamp> to;
};

/// A page of value history: ticks > after_tick, times within [from, to]
/// (either bound optional), at most limit.
struct history_page_query {
  std::string ledger;
  std::int64_t after_tick = 0;
  std::size_t limit = 1000;
  std::optional<timestamp> from;
  std::optional<timestamp> to;
};

/// Value history downsampled to one row per `step` (see
/// store::value_buckets), within [from, to] (either bound optional).
struct buckets_query {
  std::string ledger;
  std::chrono::microseconds step{0};
  std::optional<timestamp> from;
  std::optional<timestamp> to;
};

/// The ledger's version, to validate a cached view.
struct version_query {
  std::string ledger;
};

/// Everything statistics are computed from.
struct facts_query {
  std::string ledger;
};

/// Is the database there?
struct ping_query {};

/// Claims an idempotency key (see store::claim_idempotency_key).
struct claim_query {
  std::string ledger;
  std::string key;
  std::string request_hash;
};

/// Settles a claimed key: stores the response, or with `release` gives the
/// claim up because the request certainly did not apply.
struct claim_settle {
  std::string ledger;
  std::string key;
  bool release = false;
  int status = 0;
  std::string response;
};

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
  /// Value buckets in time order (empty for an unknown ledger).
  caf::replies_to<buckets_query>::with<std::vector<persistence::value_bucket>>,
  /// id, last tick and revision, in one indexed lookup.
  caf::replies_to<version_query>::with<persistence::ledger_version>,
  /// Ticks, rejections, value points and the number of fills.
  caf::replies_to<facts_query>::with<persistence::ledger_facts>,
  /// true once a trivial statement succeeded.
  caf::replies_to<ping_query>::with<bool>,
  caf::replies_to<claim_query>::with<persistence::idempotency_claim>,
  /// false when the claim was gone.
  caf::replies_to<claim_settle>::with<bool>>;

struct reader_state {
  std::string database_url;
  std::unique_ptr<persistence::store> db; ///< connected on first use
  static inline const char* name = "reader";
};

/// A reader on `database_url`; connects lazily and again after a failure.
reader_actor::behavior_type
reader_fn(reader_actor::stateful_pointer<reader_state> self,
          std::string database_url);

} // namespace ledger

// Local messages only, like those of actors/messages.hpp.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::trades_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::history_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::history_page_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::buckets_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::version_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::ledger_version)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::persistence::value_bucket>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::facts_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::ledger_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::ping_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::claim_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::claim_settle)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::idempotency_claim)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::persistence::trade_row>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::persistence::valuation_row>)
