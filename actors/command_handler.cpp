#include "actors/command_handler.hpp"

#include "actors/errors.hpp"
#include "actors/read_committed_history.hpp"
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

void answer(self_ptr self, const command_delivery& d,
            const command_reply& reply) {
  outbound_message m;
  m.kind = delivery::reply;
  m.routing_key = d.reply_to; // the default exchange routes by queue name
  m.body = messaging::encode_command_reply(reply);
  m.options.correlation_id = d.correlation_id;
  m.options.persistent = false;
  m.ack_after = std::make_pair(d.delivery_tag, d.epoch);
  self->state.link->publish(std::move(m));
}

// Asks the registry and answers with what `convert` makes of the result.
template <class T, class Convert, class... Ts>
void ask(self_ptr self, const command_delivery& d, Convert convert,
         Ts&&... xs) {
  self->request(self->state.registry, registry_timeout, std::forward<Ts>(xs)...)
    .then([=](T& result) { answer(self, d, convert(result)); },
          [=](caf::error& e) { answer(self, d, error_reply(e)); });
}

// view also carries the old view_ledger object: the live view from the
// registry with its committed fills and value points, read as REST reads
// them (actors/committed_history.hpp), so both answers are the same.
void view(self_ptr self, const command_delivery& d, const std::string& name) {
  auto fail = [=](caf::error& e) { answer(self, d, error_reply(e)); };
  self->request(self->state.registry, registry_timeout, atom::get::value, name)
    .then(
      [=](ledger_view& v) {
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
    auto applied = [](report_result& r) -> command_reply { return r; };
    ask<report_result>(self, d, applied, atom::report::value, c.name,
                       report_request{c.trades, c.holding});
    return;
  }
  case command_kind::list: {
    auto after = c.after.value_or("");
    auto limit = static_cast<std::size_t>(c.limit.value_or(100));
    ask<std::vector<ledger_view>>(
      self, d,
      [after, limit](std::vector<ledger_view>& all) -> command_reply {
        std::vector<ledger_view> page;
        for (auto& v : all)
          if (v.record.config.name > after && page.size() < limit)
            page.push_back(std::move(v));
        return page;
      },
      atom::list::value);
    return;
  }
  }
}

} // namespace

command_actor::behavior_type
command_handler(self_ptr self, registry_actor registry, reader_actor reader,
                persistence_actor persistence,
                std::shared_ptr<broker_link> link) {
  self->state.registry = std::move(registry);
  self->state.reader = std::move(reader);
  self->state.persistence = std::move(persistence);
  self->state.link = std::move(link);
  return {
    [=](atom::command, const command_delivery& d) {
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
