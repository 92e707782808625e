#include "actors/amqp_gateway.hpp"

#include "messaging/codec_trade.hpp"

#include <iostream>

namespace ledger {

namespace {

using self_ptr = amqp_gateway_actor::stateful_pointer<amqp_gateway_state>;

using time_point = amqp_gateway_state::time_point;

algo_reply failed(const std::string& ledger, std::int64_t tick,
                  algo_failure code, std::string message) {
  algo_reply reply;
  reply.ledger = ledger;
  reply.tick = tick;
  reply.error = code;
  reply.error_message = std::move(message);
  return reply;
}

algo_reply failed(const algo_request& r, algo_failure code,
                  std::string message) {
  return failed(r.ledger, r.tick, code, std::move(message));
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

// One timer for all requests, due at the earliest deadline: a timer per
// request (CAF's request timeout) costs the clock thread an entry and the
// ledger a message for every tick, nearly all of them already answered.
// An alarm set for a later time still fires; it only finds nothing due.
void arm(self_ptr self, time_point now) {
  auto& st = self->state;
  if (st.expiries.empty())
    return;
  auto next = st.expiries.begin()->first;
  if (st.alarm && *st.alarm <= next)
    return;
  st.alarm = next;
  self->delayed_send(self, std::max(next - now, time_point::duration::zero()),
                     atom::tick::value);
}

// Answers `timeout` to every request whose deadline has passed: the count
// in flight is then what the workers still owe in time.
void expire(self_ptr self, time_point now) {
  auto& st = self->state;
  std::size_t expired = 0;
  while (!st.expiries.empty() && st.expiries.begin()->first <= now) {
    auto i = st.waiting.find(st.expiries.begin()->second);
    st.expiries.erase(st.expiries.begin());
    auto& p = i->second;
    p.promise.deliver(failed(p.ledger, p.tick, algo_failure::timeout,
                             "no reply from the algorithm workers by the "
                             "tick's deadline"));
    st.waiting.erase(i);
    ++expired;
  }
  if (expired == 0)
    return;
  adapt_to_expiry(self);
  publish_admission(self);
}

} // namespace

amqp_gateway_actor::behavior_type
amqp_gateway(self_ptr self, std::shared_ptr<broker_link> link,
             std::shared_ptr<admission> admission) {
  self->state.link = std::move(link);
  self->state.admission = std::move(admission);
  self->state.limit = concurrency_limit{self->state.admission->limit};
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
      auto expiry = st.expiries.emplace(deadline, id);
      st.waiting.emplace(id, amqp_gateway_state::pending{
                               promise, request.ledger, request.tick, expiry});
      publish_admission(self);
      arm(self, std::chrono::steady_clock::now());
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
      auto late = i->second.expiry->first < std::chrono::steady_clock::now();
      if (reply.error == algo_failure::timeout || late)
        adapt_to_expiry(self);
      else
        self->state.limit.answered();
      i->second.promise.deliver(std::move(reply));
      self->state.expiries.erase(i->second.expiry);
      waiting.erase(i);
      publish_admission(self);
    },
    [=](atom::tick) {
      auto& st = self->state;
      auto now = std::chrono::steady_clock::now();
      if (st.alarm && *st.alarm <= now)
        st.alarm.reset();
      expire(self, now);
      arm(self, now);
    },
  };
}

} // namespace ledger
