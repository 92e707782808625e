#include "actors/forwarder.hpp"

#include "actors/errors.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/topology.hpp"

#include <caf/typed_event_based_actor.hpp>

namespace ledger {

namespace {

using self_ptr = forwarder_actor::stateful_pointer<forwarder_state>;
using messaging::command;
using messaging::command_kind;
using messaging::command_reply;

// A failed command's code and sentence as the owner's registry raised
// them; a code of the queue's own (bad_command, ...) means the two nodes
// disagree on the wire format, which nobody can act on but an operator.
caf::error error_of(const messaging::command_error& e) {
  if (auto code = parse_error_code(e.code))
    return make_error(*code, e.message);
  return make_error(ec::outcome_unknown,
                    "the ledger's owner answered " + e.code + ": " + e.message);
}

// Publishes `c` to its shard's queue and keeps `take` for the reply, which
// turns the owner's command reply into T (or says why it cannot).
template <class T, class Take>
caf::result<T> forward(self_ptr self, const command& c, Take take) {
  auto& st = self->state;
  auto reply_to = st.link->reply_queue();
  if (reply_to.empty())
    return make_error(ec::broker_unavailable,
                      "the ledger's engine shard is another node's and the "
                      "message broker is unreachable; nothing was changed");
  auto id = std::string{forward_id_prefix} + st.shards->node() + "-" +
            std::to_string(++st.sent);
  outbound_message m;
  // Sent like a trade request (the link's fast channel), so the owner's
  // reply comes back by direct reply-to; unconfirmed, since the reply
  // itself is the acknowledgement this side waits for.
  m.kind = delivery::request;
  m.exchange = st.link->topology().commands_exchange();
  m.routing_key = messaging::shard_routing_key(st.shards->shard_of(c.name));
  m.body = messaging::encode_command(c);
  m.options.reply_to = reply_to;
  m.options.correlation_id = id;
  m.options.persistent = true;
  if (!st.link->publish(std::move(m)))
    return make_error(ec::broker_unavailable,
                      "the message broker is unreachable or overloaded; the "
                      "change was not forwarded to the ledger's owner");
  auto promise = self->make_response_promise<T>();
  st.waiting.emplace(
    id, [promise, take](caf::expected<command_reply> reply) mutable {
      if (!reply) {
        promise.deliver(reply.error());
        return;
      }
      if (auto failed = std::get_if<messaging::command_error>(&*reply)) {
        promise.deliver(error_of(*failed));
        return;
      }
      auto value = take(*reply);
      if (value)
        promise.deliver(std::move(*value));
      else
        promise.deliver(value.error());
    });
  self->delayed_send(self, forward_timeout, atom::tick::value, id);
  return promise;
}

// The ledger of a create, start, stop or view reply.
caf::expected<ledger_view> ledger_of(command_reply& reply) {
  if (auto one = std::get_if<messaging::ledger_reply>(&reply))
    return std::move(one->ledger);
  return make_error(ec::outcome_unknown,
                    "the ledger's owner answered with something else than "
                    "a ledger");
}

command named(command_kind kind, const std::string& name) {
  command c;
  c.kind = kind;
  c.name = name;
  return c;
}

} // namespace

forwarder_actor::behavior_type
forwarder(self_ptr self, std::shared_ptr<broker_link> link,
          std::shared_ptr<const shard_ownership> shards) {
  self->state.link = std::move(link);
  self->state.shards = std::move(shards);
  return {
    [=](atom::create, ledger_config& config,
        bool start) -> caf::result<ledger_view> {
      auto c = named(command_kind::create, config.name);
      c.config = std::move(config);
      c.start = start;
      return forward<ledger_view>(self, c, ledger_of);
    },
    [=](atom::start, const std::string& name) -> caf::result<ledger_view> {
      return forward<ledger_view>(self, named(command_kind::start, name),
                                  ledger_of);
    },
    [=](atom::stop, const std::string& name) -> caf::result<ledger_view> {
      return forward<ledger_view>(self, named(command_kind::stop, name),
                                  ledger_of);
    },
    [=](atom::get, const std::string& name) -> caf::result<ledger_view> {
      return forward<ledger_view>(self, named(command_kind::view, name),
                                  ledger_of);
    },
    [=](atom::remove, const std::string& name) -> caf::result<bool> {
      return forward<bool>(
        self, named(command_kind::remove, name),
        [](command_reply& reply) -> caf::expected<bool> {
          if (std::holds_alternative<messaging::ledger_deleted>(reply))
            return true;
          return make_error(ec::outcome_unknown,
                            "the ledger's owner answered a "
                            "delete with something else");
        });
    },
    [=](atom::report, const std::string& name,
        report_request& r) -> caf::result<report_result> {
      auto c = named(command_kind::update, name);
      c.trades = std::move(r.trades);
      c.holding = std::move(r.expected);
      return forward<report_result>(
        self, c, [](command_reply& reply) -> caf::expected<report_result> {
          if (auto applied = std::get_if<report_result>(&reply))
            return std::move(*applied);
          return make_error(ec::outcome_unknown,
                            "the ledger's owner answered a report with "
                            "something else");
        });
    },
    [=](atom::reply, const std::string& id, const std::string& body) {
      auto i = self->state.waiting.find(id);
      if (i == self->state.waiting.end())
        return; // answered "timeout" already
      auto take = std::move(i->second);
      self->state.waiting.erase(i);
      auto decoded = messaging::decode_command_reply(body);
      if (auto why = std::get_if<std::string>(&decoded)) {
        take(make_error(ec::outcome_unknown,
                        "the ledger's owner sent a reply this node cannot "
                        "read: " +
                          *why));
        return;
      }
      take(std::get<command_reply>(std::move(decoded)));
    },
    [=](atom::tick, const std::string& id) {
      auto i = self->state.waiting.find(id);
      if (i == self->state.waiting.end())
        return;
      auto take = std::move(i->second);
      self->state.waiting.erase(i);
      take(make_error(ec::outcome_unknown,
                      "the ledger's owner did not answer within " +
                        std::to_string(forward_timeout.count() / 1000) +
                        " s; the change may still take effect: look before "
                        "sending it again"));
    },
  };
}

} // namespace ledger
