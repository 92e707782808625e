#pragma once

// The reader actor's requests (actors/interfaces.hpp, reader_actor): one
// struct per query, passed by value inside the engine.

#include "persistence/store.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
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

/// A page of value history downsampled to one row per step (see
/// store::value_buckets).
struct buckets_query {
  std::string ledger;
  persistence::bucket_request request;
};

/// The ledger's version, to validate a cached view.
struct version_query {
  std::string ledger;
};

/// A ledger's statistics over a window (store::facts).
struct facts_query {
  std::string ledger;
  persistence::facts_request request;
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

} // namespace ledger

// Local messages only, like those of actors/messages.hpp.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::trades_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::history_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::history_page_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::buckets_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::version_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::ledger_version)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::bucket_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::facts_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::ledger_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::ping_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::claim_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::claim_settle)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence::idempotency_claim)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::persistence::trade_row>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::persistence::valuation_row>)
