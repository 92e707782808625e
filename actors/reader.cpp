#include "actors/reader.hpp"

#include "actors/errors.hpp"

#include <caf/sec.hpp>

namespace ledger {

namespace {

using self_ptr = reader_actor::stateful_pointer<reader_state>;

// Runs `query` against the store, connecting first when needed. A lost
// connection is dropped so the next query reconnects; exceptions become
// errors (a detached actor must not die of one).
template <class Query>
auto with_store(self_ptr self, Query query)
  -> caf::result<decltype(query(std::declval<persistence::store&>()))> {
  auto& st = self->state;
  try {
    if (!st.db)
      st.db = std::make_unique<persistence::store>(st.database_url);
    return query(*st.db);
  } catch (const persistence::store_unavailable& e) {
    st.db.reset();
    return make_error(ec::database_unavailable, e.what());
  } catch (const std::exception& e) {
    return caf::make_error(caf::sec::runtime_error, e.what());
  }
}

} // namespace

reader_actor::behavior_type reader_fn(self_ptr self, std::string database_url) {
  self->state.database_url = std::move(database_url);
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
    [=](const facts_query& q) {
      return with_store(self, [&](persistence::store& db) {
        persistence::ledger_facts facts;
        facts.ticks = db.ticks(q.ledger);
        facts.rejections = db.rejections(q.ledger);
        facts.valuations = db.valuations(q.ledger);
        // Counted page by page: a long-lived ledger may have many fills.
        constexpr std::size_t page = 5000;
        std::int64_t after = 0;
        for (;;) {
          auto rows = db.trades(q.ledger, after, page);
          facts.trades += rows.size();
          if (rows.size() < page)
            break;
          after = rows.back().id;
        }
        return facts;
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
