#include "cli/ctl_client.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace ledger::apps {

using namespace std::chrono_literals;

std::string fresh_correlation_id() {
  std::random_device device;
  std::string out = "ledgerctl-";
  for (int i = 0; i < 4; ++i) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(device()));
    out += hex;
  }
  return out;
}

std::optional<std::string> call_ledgerd(messaging::amqp_connection& c,
                                        const messaging::topology& topology,
                                        std::string_view body,
                                        std::chrono::milliseconds timeout) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + timeout;
  // Consume before publishing: the reply may come back at once.
  auto reply_queue = c.declare_reply_queue();
  c.consume(reply_queue, 16, true);
  messaging::publish_options o;
  o.reply_to = reply_queue;
  o.correlation_id = fresh_correlation_id();
  o.expiration = std::to_string(std::max<std::int64_t>(timeout.count(), 1));
  o.mandatory = true;
  auto result = c.publish_confirmed(topology.commands_exchange(),
                                    std::string{messaging::command_routing_key},
                                    body, o, std::max(timeout, 1000ms));
  switch (result) {
  case messaging::publish_result::confirmed:
    break;
  case messaging::publish_result::nacked:
    throw std::runtime_error{"the broker refused the command (nack)"};
  case messaging::publish_result::unroutable:
    throw std::runtime_error{"no queue takes commands on " +
                             topology.commands_exchange()};
  case messaging::publish_result::timed_out:
    throw std::runtime_error{"the broker did not confirm the command"};
  }
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - clock::now());
    if (left <= 0ms)
      return std::nullopt;
    auto e = c.poll(std::min(left, 1000ms));
    if (!e)
      continue;
    c.ack(*e);
    // A reply to someone else (a stale or forged one) is not ours.
    if (e->correlation_id == o.correlation_id)
      return std::move(e->body);
  }
}

} // namespace ledger::apps
