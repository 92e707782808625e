#include "api/actor_backend.hpp"

#include "actors/errors.hpp"
#include "actors/forwarder.hpp"
#include "actors/read_committed_history.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>

#include <atomic>
#include <iostream>
#include <limits>

namespace ledger::api {

namespace {

using caf::event_based_actor;

// Probes of the database's condition answer quickly or not at all.
constexpr auto probe_timeout = std::chrono::seconds{3};

failure failure_of(const caf::error& e) {
  if (auto code = code_of(e)) {
    failure f{to_string(static_cast<ec>(code)), message_of(e), {}};
    auto& context = e.context();
    if (static_cast<ec>(code) == ec::holding_mismatch && context.size() >= 2 &&
        context.match_element<holdings>(1))
      f.computed = context.get_as<holdings>(1);
    return f;
  }
  if (e == caf::sec::request_timeout)
    // The engine may still carry the request out: a report applied while
    // the database went away waits for its commit past this timeout. Say
    // so, as the command queue's timeout does, so a client looks before
    // it sends the request again.
    return failure{"timeout",
                   "the engine did not answer in time; a change asked for "
                   "may still take effect: look before sending it again",
                   {}};
  return failure{"internal", message_of(e), {}};
}

failure database_away() {
  return failure{"database_unavailable",
                 "the database is unavailable; nothing was changed",
                 {}};
}

// Hands an outcome to a route. A route that throws must not take the
// bridge actor's error path (which would answer twice): the call it
// belongs to answers 500 when dropped.
template <class T>
void deliver(const callback<T>& done, outcome<T> value) {
  try {
    done(std::move(value));
  } catch (const std::exception& e) {
    std::cerr << "api: a route failed while answering: " << e.what() << '\n';
  }
}

// The error half of a request's handlers.
template <class T>
auto fail(callback<T> done) {
  return [done](caf::error& e) { deliver<T>(done, failure_of(e)); };
}

class actor_backend final : public backend,
                            public std::enable_shared_from_this<actor_backend> {
public:
  actor_backend(caf::actor_system& sys, engine_handles handles)
    : sys_(sys), h_(std::move(handles)) {
    if (h_.readers.empty())
      throw std::invalid_argument("the REST adapter needs a reader actor");
  }

  void create(ledger_config config, bool start,
              callback<ledger_view> done) override {
    mutate(done, [config, start](actor_backend& me, event_based_actor* self,
                                 callback<ledger_view> done) {
      me.ask_owner(self, done, atom::create::value, config, start);
    });
  }

  void start(std::string name, callback<ledger_view> done) override {
    mutate(done, [name](actor_backend& me, event_based_actor* self,
                        callback<ledger_view> done) {
      me.ask_owner(self, done, atom::start::value, name);
    });
  }

  void stop(std::string name, callback<ledger_view> done) override {
    mutate(done, [name](actor_backend& me, event_based_actor* self,
                        callback<ledger_view> done) {
      me.ask_owner(self, done, atom::stop::value, name);
    });
  }

  void get(std::string name, callback<ledger_view> done) override {
    bridge([name, done](actor_backend& me, event_based_actor* self) {
      me.ask_owner(self, done, atom::get::value, name);
    });
  }

  void list(callback<std::vector<ledger_view>> done) override {
    bridge([done](actor_backend& me, event_based_actor* self) {
      me.reply(self, me.h_.registry, done, atom::list::value);
    });
  }

  void remove(std::string name, callback<bool> done) override {
    mutate(done, [name](actor_backend& me, event_based_actor* self,
                        callback<bool> done) {
      me.ask_owner(self, done, atom::remove::value, name);
    });
  }

  void report(std::string name, std::vector<order> trades,
              std::optional<holdings> expected,
              callback<report_result> done) override {
    mutate(done,
           [name, trades, expected](actor_backend& me, event_based_actor* self,
                                    callback<report_result> done) {
             me.ask_owner(self, done, atom::report::value, name,
                          report_request{trades, expected});
           });
  }

  void snapshot(ledger_view known, callback<ledger_snapshot> done) override {
    bridge([known = std::move(known), done](actor_backend& me,
                                            event_based_actor* self) {
      history_source from{me.h_.persistence, me.reader(), me.h_.timeout};
      auto& record = known.record;
      read_committed_history(
        self, from, record.config.name, record.last_tick, known.pending_tick,
        [known, done](committed_history h) {
          deliver<ledger_snapshot>(done, ledger_snapshot{known, std::move(h)});
        },
        fail(done));
    });
  }

  void trades(std::string name, std::int64_t after_id, std::size_t limit,
              callback<std::vector<persistence::trade_row>> done) override {
    read(done, trades_query{std::move(name), after_id, limit});
  }

  void
  history(std::string name, std::int64_t after_tick, std::size_t limit,
          std::optional<timestamp> from, std::optional<timestamp> to,
          callback<std::vector<persistence::valuation_row>> done) override {
    read(done,
         history_page_query{std::move(name), after_tick, limit, from, to});
  }

  void history_buckets(std::string name, persistence::bucket_request request,
                       callback<persistence::bucket_page> done) override {
    read(done, buckets_query{std::move(name), request});
  }

  void facts(std::string name, persistence::facts_request request,
             callback<persistence::ledger_facts> done) override {
    read(done, facts_query{std::move(name), request});
  }

  void claim(std::string ledger, std::string key, std::string request_hash,
             callback<persistence::idempotency_claim> done) override {
    bridge([q = claim_query{ledger, key, request_hash},
            done](actor_backend& me, event_based_actor* self) {
      me.reply<persistence::idempotency_claim>(self, me.reader(), done, q);
    });
  }

  void settle(std::string ledger, std::string key, bool release, int status,
              std::string response, callback<bool> done) override {
    bridge([q = claim_settle{ledger, key, release, status, response},
            done](actor_backend& me, event_based_actor* self) {
      me.reply<bool>(self, me.reader(), done, q);
    });
  }

  void ready(callback<readiness> done) override {
    bridge([done](actor_backend& me, event_based_actor* self) {
      auto answer = std::make_shared<readiness>();
      if (me.h_.broker)
        answer->broker = me.h_.broker();
      auto reader = me.reader();
      auto probe = [self, reader, answer, done] {
        self->request(reader, probe_timeout, ping_query{})
          .then(
            [answer, done](bool ok) {
              answer->database = ok;
              deliver<readiness>(done, std::move(*answer));
            },
            [answer, done](caf::error& e) {
              answer->detail = message_of(e);
              deliver<readiness>(done, std::move(*answer));
            });
      };
      self->request(me.h_.persistence, probe_timeout, atom::health::value)
        .then(
          [answer, probe](persistence_health& h) {
            answer->persistence_connected = h.connected;
            answer->persistence_failing = h.failing;
            answer->backlogged = h.backlogged;
            answer->queued = h.queued;
            probe();
          },
          [probe](caf::error&) { probe(); });
    });
  }

  std::optional<metrics_snapshot> engine_figures() const override {
    if (!h_.metrics)
      return std::nullopt;
    return h_.metrics->snapshot();
  }

  std::optional<broker_figures> broker() const override {
    if (!h_.broker)
      return std::nullopt;
    return h_.broker();
  }

  std::optional<ledger_owner> owner_of(const std::string& name) const override {
    auto& own = h_.ownership;
    if (!own)
      return std::nullopt;
    ledger_owner o{own->owner_of(name), own->shard_of(name), {}};
    for (auto& n : own->nodes())
      if (n.name == o.node)
        o.http = n.http;
    return o;
  }

  std::optional<node_figures> node() const override {
    auto& own = h_.ownership;
    if (!own)
      return std::nullopt;
    return node_figures{own->node(), own->shards(), own->held().size(),
                        own->serving().size(), own->nodes().size()};
  }

private:
  // Runs `body(*this, self)` in a fresh bridge actor, which lives until
  // its last request is answered. (The state travels as spawn arguments:
  // CAF 0.17 mishandles argument-less function actors, see market.hpp.)
  template <class Body>
  void bridge(Body body) {
    sys_.spawn([](event_based_actor* self, std::shared_ptr<actor_backend> me,
                  Body work) { work(*me, self); },
               shared_from_this(), std::move(body));
  }

  reader_actor reader() {
    return h_.readers[next_reader_++ % h_.readers.size()];
  }

  // Sends one request and hands the reply on unchanged.
  template <class T, class Handle, class... Ts>
  void reply(event_based_actor* self, const Handle& dest, callback<T> done,
             Ts&&... xs) {
    self->request(dest, h_.timeout, std::forward<Ts>(xs)...)
      .then([done](T& x) { deliver<T>(done, std::move(x)); }, fail(done));
  }

  // Asks the ledger's registry: this node's, or through the forwarder the
  // owner's when the ledger's shard is another node's.
  template <class T, class... Ts>
  void ask_owner(event_based_actor* self, callback<T> done, const Ts&... xs) {
    ledger::ask_owner<T>(
      self, h_.registry, h_.forwarder, h_.timeout,
      [done](T& x) { deliver<T>(done, std::move(x)); }, fail(done), xs...);
  }

  // A mutation runs only while the database looks reachable: the writer
  // says it is connected, or (before its first write, or after a failure)
  // the reader's probe succeeds. Otherwise 503 and nothing changes.
  template <class T, class Body>
  void mutate(callback<T> done, Body body) {
    bridge([done, body](actor_backend& me, event_based_actor* self) {
      auto me_ptr = me.shared_from_this();
      auto go = [me_ptr, self, done, body] { body(*me_ptr, self, done); };
      auto reader = me.reader();
      auto probe = [self, reader, done, go] {
        self->request(reader, probe_timeout, ping_query{})
          .then([go](bool) { go(); },
                [done](caf::error&) { deliver<T>(done, database_away()); });
      };
      self->request(me.h_.persistence, probe_timeout, atom::health::value)
        .then(
          [go, probe](persistence_health& h) {
            if (h.connected)
              go();
            else
              probe();
          },
          [done](caf::error&) { deliver<T>(done, database_away()); });
    });
  }

  // A read through a reader once the ledger's queued facts are committed
  // (actors/read_committed_history.hpp). A disconnected writer is not
  // waited for: the reader then fails at once if the database is away.
  template <class T, class Query>
  void read(callback<T> done, Query query) {
    bridge([done, query](actor_backend& me, event_based_actor* self) {
      auto me_ptr = me.shared_from_this();
      after_ledger_committed(
        self, me.h_.persistence, probe_timeout, me.h_.timeout, query.ledger,
        [self, me_ptr, done, query](bool) {
          me_ptr->reply<T>(self, me_ptr->reader(), done, query);
        },
        fail(done));
    });
  }

  caf::actor_system& sys_;
  engine_handles h_;
  std::atomic<std::size_t> next_reader_{0};
};

} // namespace

std::shared_ptr<backend> make_actor_backend(caf::actor_system& sys,
                                            engine_handles handles) {
  return std::make_shared<actor_backend>(sys, std::move(handles));
}

} // namespace ledger::api
