#include "actors/amqp_gateway.hpp"

#include "messaging/codec_trade.hpp"

#include <iostream>

namespace ledger {

namespace {

using self_ptr = amqp_gateway_actor::stateful_pointer<amqp_gateway_state>;

// Requests are forgotten at their deadline (the ledger has recorded a
// timeout by then), so the count in flight is what the workers still owe.
constexpr auto sweep_interval = std::chrono::milliseconds{100};

algo_reply failed(const algo_request& r, algo_failure code,
                  std::string message) {
  algo_reply reply;
  reply.ledger = r.ledger;
  reply.tick = r.tick;
  reply.error = code;
  reply.error_message = std::move(message);
  return reply;
}

// What the ledgers read before asking: the count and the learned limit.
void publish_admission(self_ptr self) {
  auto& st = self->state;
  st.admission->in_flight.store(st.waiting.size(), std::memory_order_relaxed);
  st.admission->limit.store(st.limit.value(), std::memory_order_relaxed);
}

void adapt_to_expiry(self_ptr self) {
  self->state.limit.expired(std::chrono::steady_clock::now());
}

} // namespace

amqp_gateway_actor::behavior_type
amqp_gateway(self_ptr self, std::shared_ptr<broker_link> link,
             std::shared_ptr<admission> admission) {
  self->state.link = std::move(link);
  self->state.admission = std::move(admission);
  self->state.limit = concurrency_limit{self->state.admission->limit};
  self->delayed_send(self, sweep_interval, atom::tick::value);
  return {
    [=](const algo_request& request) -> caf::result<algo_reply> {
      auto& st = self->state;
      auto reply_to = st.link->reply_queue();
      if (reply_to.empty())
        return failed(request, algo_failure::broker_unavailable,
                      "no connection to the message broker");
      // Past this many requests in flight the workers are behind: a new
      // request would only wait, expire and cost the broker and workers
      // for nothing. Shed it now, cheaply (the tick is skipped), so the
      // requests in flight still finish in time.
      if (st.waiting.size() >= st.limit.value())
        return failed(request, algo_failure::overloaded,
                      std::to_string(st.waiting.size()) +
                        " requests in flight; the workers are behind");
      auto id = request.ledger + "/" + std::to_string(request.tick) + "/" +
                std::to_string(++st.sent);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        request.deadline - std::chrono::system_clock::now());
      if (left.count() < 1)
        left = std::chrono::milliseconds{1};
      auto deadline = std::chrono::steady_clock::now() + left;
      outbound_message m;
      m.kind = delivery::request;
      m.exchange = st.link->topology().trade_requests_exchange();
      m.routing_key = messaging::request_routing_key(request.ledger);
      m.body = messaging::encode_trade_request(request);
      m.options.reply_to = reply_to;
      m.options.correlation_id = id;
      // A worker that picks it up after the deadline would work for nobody.
      m.options.expiration = std::to_string(left.count());
      m.options.persistent = false;
      m.expires = deadline;
      if (!st.link->publish(std::move(m)))
        return failed(request,
                      st.link->connected() ? algo_failure::overloaded
                                           : algo_failure::broker_unavailable,
                      st.link->connected()
                        ? "the message broker link is full; tick shed"
                        : "no connection to the message broker");
      auto promise = self->make_response_promise<algo_reply>();
      st.waiting.emplace(id,
                         amqp_gateway_state::pending{promise, request.ledger,
                                                     request.tick, deadline});
      publish_admission(self);
      return promise;
    },
    [=](atom::reply, const std::string& id, const std::string& body) {
      auto& waiting = self->state.waiting;
      auto i = waiting.find(id);
      if (i == waiting.end())
        return; // late or duplicate
      auto decoded = messaging::decode_trade_reply(body);
      if (auto why = std::get_if<std::string>(&decoded)) {
        std::cerr << "gateway: unreadable reply for " << id << ": " << *why
                  << '\n';
        return; // the ledger will record a timeout
      }
      auto& reply = std::get<algo_reply>(decoded);
      if (reply.ledger != i->second.ledger || reply.tick != i->second.tick)
        return; // a correlation id reused by a confused worker
      // A worker answers "timeout" for a request that waited in its queue
      // past the deadline: too many in flight. A reply that comes after the
      // deadline (before the sweep noticed) found its ledger gone too: an
      // expiry as well, never an answer in time.
      auto late = i->second.deadline < std::chrono::steady_clock::now();
      if (reply.error == algo_failure::timeout || late)
        adapt_to_expiry(self);
      else
        self->state.limit.answered();
      i->second.promise.deliver(std::move(reply));
      waiting.erase(i);
      publish_admission(self);
    },
    [=](atom::tick) {
      auto now = std::chrono::steady_clock::now();
      auto& waiting = self->state.waiting;
      auto before = waiting.size();
      for (auto i = waiting.begin(); i != waiting.end();)
        i = i->second.deadline < now ? waiting.erase(i) : std::next(i);
      if (waiting.size() < before)
        adapt_to_expiry(self);
      publish_admission(self);
      self->delayed_send(self, sweep_interval, atom::tick::value);
    },
  };
}

} // namespace ledger
