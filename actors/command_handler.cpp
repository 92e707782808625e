#include "actors/command_handler.hpp"

#include "actors/errors.hpp"
#include "actors/forwarder.hpp"
#include "actors/read_committed_history.hpp"
#include "actors/reader_queries.hpp"
#include "core/idempotency.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"

#include <caf/sec.hpp>

#include <algorithm>

namespace ledger {

namespace {

using self_ptr = command_actor::stateful_pointer<command_state>;
using messaging::command_reply;

constexpr auto registry_timeout = std::chrono::seconds{10};

command_reply error_reply(const caf::error& e) {
  if (e == caf::sec::request_timeout)
    // The registry may still carry the command out: say so, so a client
    // looks before it sends the command again.
    return messaging::command_error{
      "timeout", "the engine did not answer within " +
                   std::to_string(registry_timeout.count()) +
                   " s; the command may still take effect: view the "
                   "ledger before sending it again"};
  auto code = code_of(e);
  return messaging::command_error{
    code ? to_string(static_cast<ec>(code)) : "engine_error", message_of(e)};
}

// Publishes an encoded reply; the command is acked once it is confirmed.
void answer_with(self_ptr self, const command_delivery& d, std::string body) {
  outbound_message m;
  m.kind = delivery::reply;
  m.routing_key = d.reply_to; // the default exchange routes by queue name
  m.body = std::move(body);
  m.options.correlation_id = d.correlation_id;
  m.options.persistent = false;
  m.ack_after = std::make_pair(d.delivery_tag, d.epoch);
  self->state.link->publish(std::move(m));
}

void answer(self_ptr self, const command_delivery& d,
            const command_reply& reply) {
  answer_with(self, d, messaging::encode_command_reply(reply));
}

// Who carries out a command for another node's ledger: the forwarder,
// unless another node forwarded it here already (then once is enough:
// the answer is this node's, not_owner included).
forwarder_actor forwarder_for(self_ptr self, const command_delivery& d) {
  return d.forwarded ? forwarder_actor{} : self->state.forwarder;
}

// Asks the ledger's registry (this node's, or the owner's through the
// forwarder) and hands the result to `then`, or answers the failure.
template <class T, class Then, class... Ts>
void ask_then(self_ptr self, const command_delivery& d, Then then,
              const Ts&... xs) {
  ask_owner<T>(
    self, self->state.registry, forwarder_for(self, d), registry_timeout, then,
    [=](caf::error& e) { answer(self, d, error_reply(e)); }, xs...);
}

// Asks and answers with what `convert` makes of the result.
template <class T, class Convert, class... Ts>
void ask(self_ptr self, const command_delivery& d, Convert convert,
         const Ts&... xs) {
  ask_then<T>(
    self, d, [=](T& result) { answer(self, d, convert(result)); }, xs...);
}

// view also carries the old view_ledger object: the live view from the
// registry with its committed fills and value points, read as REST reads
// them (actors/committed_history.hpp), so both answers are the same.
void view(self_ptr self, const command_delivery& d, const std::string& name) {
  auto fail = [=](caf::error& e) { answer(self, d, error_reply(e)); };
  ask_then<ledger_view>(
    self, d,
    [=](ledger_view& v) {
      // The forwarding node keeps only the live view and reads the
      // committed history itself: reading it here too would be wasted.
      if (d.forwarded) {
        answer(self, d, messaging::ledger_reply{std::move(v), {}});
        return;
      }
      history_source from{self->state.persistence, self->state.reader,
                          registry_timeout};
      read_committed_history(
        self, from, name, v.record.last_tick, v.pending_tick,
        [=](committed_history h) {
          auto json = seed_view_json(h, v.record);
          answer(self, d, messaging::ledger_reply{v, std::move(json)});
        },
        fail);
    },
    atom::get::value, name);
}

bool in_doubt(const caf::error& e) {
  return e == caf::sec::request_timeout ||
         code_of(e) == static_cast<std::uint8_t>(ec::outcome_unknown);
}

// An update under its correlation id's key (core/idempotency.hpp), so a
// copy the broker delivers again (its ack was lost with the connection)
// is answered with the first copy's reply instead of applying the trades
// twice. The key is settled before the reply goes out, as REST does: the
// ack follows the reply, so a redelivery always finds the key settled,
// or pending if ledgerd died between the commit and the settlement (then
// the answer is in doubt, never a second application).
void update_once(self_ptr self, const command_delivery& d,
                 const messaging::command& c) {
  auto key = command_idempotency_key(d.correlation_id);
  auto name = c.name;
  auto fail = [=](caf::error& e) { answer(self, d, error_reply(e)); };
  auto settle = [=](bool release, std::string body) {
    self
      ->request(self->state.reader, registry_timeout,
                claim_settle{name, key, release, 0, body})
      .then([=](bool) { answer_with(self, d, body); },
            // Unsettled, a redelivery finds the claim pending: in doubt,
            // never applied twice.
            [=](caf::error&) { answer_with(self, d, body); });
  };
  auto apply = [=] {
    ask_owner<report_result>(
      self, self->state.registry, self->state.forwarder, registry_timeout,
      [=](report_result& r) {
        settle(false, messaging::encode_command_reply(r));
      },
      [=](caf::error& e) {
        auto body = messaging::encode_command_reply(error_reply(e));
        if (in_doubt(e)) // the claim stays pending: no second run
          answer_with(self, d, body);
        else // nothing applied: a new copy may run
          settle(true, body);
      },
      atom::report::value, name, report_request{c.trades, c.holding});
  };
  self
    ->request(self->state.reader, registry_timeout,
              claim_query{name, key, idempotency_hash(name, d.body)})
    .then(
      [=](persistence::idempotency_claim& claim) {
        using persistence::claim_state;
        switch (claim.state) {
        case claim_state::claimed:
          apply();
          return;
        case claim_state::replay:
          answer_with(self, d, claim.response);
          return;
        case claim_state::mismatch:
          answer(self, d,
                 messaging::command_error{
                   "idempotency_conflict",
                   "this correlation id was used by another update of " + name +
                     "; give each command its own"});
          return;
        case claim_state::in_progress:
          answer(self, d,
                 messaging::command_error{
                   "timeout", "this update was taken before and its outcome "
                              "is not known yet: view the ledger before "
                              "sending it again"});
          return;
        case claim_state::unknown_ledger:
          answer(self, d,
                 messaging::command_error{"unknown_ledger",
                                          "no ledger named " + name});
          return;
        }
      },
      fail);
}

void run(self_ptr self, const command_delivery& d, messaging::command& c) {
  using messaging::command_kind;
  auto one = [](ledger_view& v) -> command_reply {
    return messaging::ledger_reply{std::move(v), {}};
  };
  switch (c.kind) {
  case command_kind::create:
    ask<ledger_view>(self, d, one, atom::create::value, *c.config, c.start);
    return;
  case command_kind::start:
    ask<ledger_view>(self, d, one, atom::start::value, c.name);
    return;
  case command_kind::stop:
    ask<ledger_view>(self, d, one, atom::stop::value, c.name);
    return;
  case command_kind::view:
    view(self, d, c.name);
    return;
  case command_kind::remove:
    ask<bool>(
      self, d,
      [](bool) -> command_reply { return messaging::ledger_deleted{}; },
      atom::remove::value, c.name);
    return;
  case command_kind::update: {
    // A forwarded update's key was claimed by the node that forwarded it.
    if (!d.correlation_id.empty() && !d.forwarded) {
      update_once(self, d, c);
      return;
    }
    auto applied = [](report_result& r) -> command_reply { return r; };
    ask<report_result>(self, d, applied, atom::report::value, c.name,
                       report_request{c.trades, c.holding});
    return;
  }
  case command_kind::nodes: {
    // The live nodes as this node's lease keeper last read them (once a
    // second); one engine without leases answers with none.
    std::vector<messaging::engine_node_entry> nodes;
    if (auto& own = self->state.ownership)
      for (auto& n : own->nodes())
        nodes.push_back({n.name, n.http, n.shards});
    answer(self, d, nodes);
    return;
  }
  case command_kind::list: {
    auto after = c.after.value_or("");
    auto limit = static_cast<std::size_t>(c.limit.value_or(100));
    // This node's ledgers only: a list is not forwarded.
    self->request(self->state.registry, registry_timeout, atom::list::value)
      .then(
        [=](std::vector<ledger_view>& all) {
          std::vector<ledger_view> page;
          for (auto& v : all)
            if (v.record.config.name > after && page.size() < limit)
              page.push_back(std::move(v));
          answer(self, d, page);
        },
        [=](caf::error& e) { answer(self, d, error_reply(e)); });
    return;
  }
  }
}

} // namespace

command_actor::behavior_type
command_handler(self_ptr self, registry_actor registry, reader_actor reader,
                persistence_actor persistence,
                std::shared_ptr<broker_link> link, forwarder_actor forwarder,
                std::shared_ptr<const shard_ownership> ownership) {
  self->state.forwarder = std::move(forwarder);
  self->state.ownership = std::move(ownership);
  self->state.registry = std::move(registry);
  self->state.reader = std::move(reader);
  self->state.persistence = std::move(persistence);
  self->state.link = std::move(link);
  return {
    [=](atom::command, const command_delivery& d) {
      if (!d.via_commands_exchange) {
        answer(self, d,
               messaging::command_error{
                 "forbidden", "commands are taken only from the commands "
                              "exchange; this one was routed another way"});
        return;
      }
      auto decoded = messaging::decode_command(d.body);
      if (auto why = std::get_if<std::string>(&decoded)) {
        answer(self, d, messaging::command_error{"bad_command", *why});
        return;
      }
      run(self, d, std::get<messaging::command>(decoded));
    },
  };
}

} // namespace ledger
