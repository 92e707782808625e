#include "actors/reader.hpp"

#include "actors/errors.hpp"

#include <caf/sec.hpp>

#include <stdexcept>

namespace ledger {

namespace {

using self_ptr = reader_actor::stateful_pointer<reader_state>;

// Runs `query` against the store, connecting first when needed, and turns
// every exception into an error answer: CAF 0.17 ends an actor on an
// uncaught exception, and a reader is one of a few serving all reads.
// - The database away: the store is dropped, so the next query connects
//   afresh (the store also reconnects by itself, but a store that could
//   not be made at all must be made again).
// - A value it refused, or an argument the store refused: the client's
//   fault. The connection is fine and is kept; the answer is a client error
//   (ec::invalid_value / invalid_config, which the REST adapter answers
//   with 400).
// - Anything else: an internal error; the connection is kept, since the
//   store drops connections it finds broken.
template <class Query>
auto attempt(self_ptr self, Query query)
  -> caf::expected<decltype(query(std::declval<persistence::store&>()))> {
  auto& st = self->state;
  try {
    if (!st.db)
      st.db =
        std::make_unique<persistence::store>(st.database_url, st.stall_limit);
    return query(*st.db);
  } catch (const persistence::outcome_unknown& e) {
    st.db.reset();
    return make_error(ec::outcome_unknown, e.what());
  } catch (const persistence::store_unavailable& e) {
    st.db.reset();
    return make_error(ec::database_unavailable, e.what());
  } catch (const persistence::bad_value& e) {
    return make_error(ec::invalid_value,
                      std::string{"the database refused a value: "} + e.what());
  } catch (const std::invalid_argument& e) {
    return make_error(ec::invalid_config, e.what()); // e.g. a bucket step
  } catch (const std::exception& e) {
    return caf::make_error(caf::sec::runtime_error, e.what());
  } catch (...) {
    return caf::make_error(caf::sec::runtime_error,
                           "reader: a query failed with an unknown error");
  }
}

// attempt() as a handler's answer.
template <class Query>
auto with_store(self_ptr self, Query query)
  -> caf::result<decltype(query(std::declval<persistence::store&>()))> {
  return attempt(self, std::move(query));
}

} // namespace

reader_actor::behavior_type reader_fn(self_ptr self, std::string database_url,
                                      std::chrono::milliseconds stall_limit) {
  self->state.database_url = std::move(database_url);
  self->state.stall_limit = stall_limit;
  return {
    [=](const trades_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.trades(q.ledger, q.after_id, q.limit);
      });
    },
    [=](const history_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.valuations(q.ledger, q.from, q.to);
      });
    },
    [=](const history_page_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.valuation_page(q.ledger, q.after_tick, q.limit, q.from, q.to);
      });
    },
    [=](const buckets_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.value_buckets(q.ledger, q.request);
      });
    },
    [=](const version_query& q) -> caf::result<persistence::ledger_version> {
      auto found = attempt(
        self, [&](persistence::store& db) { return db.version(q.ledger); });
      if (!found)
        return std::move(found.error());
      if (!*found)
        return make_error(ec::unknown_ledger, "no ledger named " + q.ledger);
      return **found;
    },
    [=](const facts_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.facts(q.ledger, q.request);
      });
    },
    [=](const ping_query&) {
      return with_store(self, [](persistence::store& db) { return db.ping(); });
    },
    [=](const claim_query& q) {
      return with_store(self, [&](persistence::store& db) {
        return db.claim_idempotency_key(q.ledger, q.key, q.request_hash);
      });
    },
    [=](const claim_settle& q) {
      return with_store(self, [&](persistence::store& db) {
        return q.release ? db.release_idempotency_key(q.ledger, q.key)
                         : db.finish_idempotency_key(q.ledger, q.key, q.status,
                                                     q.response);
      });
    },
  };
}

} // namespace ledger
