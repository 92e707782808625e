// ledger-worker: consumes trade requests from the shard queues, runs each
// ledger's algorithm in a supervised Python model host, and replies to the
// engine. One thread, one connection; shards are single-active-consumer
// queues, so another worker takes over a shard when this one dies.

#include "apps/options.hpp"
#include "messaging/amqp_connection.hpp"
#include "messaging/codec_trade.hpp"
#include "messaging/reconnect.hpp"
#include "messaging/topology.hpp"
#include "worker/host_pool.hpp"
#include "worker/request_handler.hpp"

#include <atomic>
#include <csignal>
#include <iostream>

using namespace ledger;

namespace {

std::atomic<bool> stopping{false};

extern "C" void on_stop_signal(int) {
  stopping = true;
}

apps::options make_options() {
  return apps::options{
    "ledger-worker",
    "An algorithm worker: consumes trade requests from RabbitMQ, runs each\n"
    "ledger's model in a Python model host and replies with its trades or a\n"
    "coded error (model_error, timeout, bad_output).",
    {
      {"amqp-url", "LEDGER_AMQP_URL", "amqp://ledger@127.0.0.1:55672/ledger",
       "RabbitMQ URL", true},
      {"algos-root", "LEDGER_ALGOS_ROOT", LEDGER_DEFAULT_ALGOS_ROOT,
       "folder algo_paths are resolved under (paths may not escape it)"},
      {"sdk-path", "LEDGER_SDK_PATH", LEDGER_DEFAULT_SDK_PATH,
       "folder holding the ledger_model Python package"},
      {"shards", "LEDGER_SHARDS", "4", "number of trade-request shards"},
      {"memory-limit-mb", "", "1024", "address-space cap of each model host"},
      {"topology-prefix", "LEDGER_TOPOLOGY_PREFIX", "",
       "prefix of every exchange and queue name (tests isolate with it)"},
    }};
}

// Answers one delivery; never throws for a bad message or a bad model.
void serve(messaging::amqp_connection& c, worker::request_handler& handler,
           const messaging::envelope& e) {
  auto decoded = messaging::decode_trade_request(e.body);
  algo_reply reply;
  if (auto request = std::get_if<algo_request>(&decoded)) {
    reply = handler.handle(*request);
  } else if (auto key = messaging::peek_request_key(e.body)) {
    reply.ledger = key->ledger;
    reply.tick = key->tick;
    reply.error = "bad_output";
    reply.error_message =
      "unreadable trade request: " + std::get<std::string>(decoded);
  } else {
    std::cerr << "ledger-worker: dropping an unreadable request: "
              << std::get<std::string>(decoded) << '\n';
    c.reject(e, false);
    return;
  }
  if (!e.reply_to.empty()) {
    messaging::publish_options options;
    options.correlation_id = e.correlation_id;
    options.persistent = false;
    c.publish_confirmed("", e.reply_to, messaging::encode_trade_reply(reply),
                        options);
  }
  // Acked after the reply is out: a worker killed mid-request leaves the
  // request to the next consumer of the shard.
  c.ack(e);
}

int run(const apps::options& opts) {
  auto shards = std::stoi(opts.get("shards"));
  if (shards < 1 || shards > messaging::max_shards)
    throw std::invalid_argument("--shards must be between 1 and 1024");
  messaging::topology topology;
  topology.prefix = opts.get("topology-prefix");
  topology.shards = shards;
  worker::host_options host;
  host.python_path = opts.get("sdk-path");
  host.memory_limit = std::stoull(opts.get("memory-limit-mb")) << 20;
  worker::host_pool pool{host};
  worker::request_handler handler{
    worker::handler_options{opts.get("algos-root"), {}, 1000}, pool};

  messaging::amqp_connection c;
  auto setup = [&](messaging::amqp_connection& x) {
    messaging::declare_topology(x, topology);
    for (int k = 0; k < shards; ++k)
      x.consume(topology.shard_queue(k), 1);
  };
  auto on_error = [](const std::string& what) {
    std::cerr << "ledger-worker: " << what << '\n';
  };
  while (!stopping) {
    if (!c.is_open()) {
      if (!messaging::connect_with_retry(c, opts.get("amqp-url"), setup,
                                         stopping, on_error))
        break;
      std::cerr << "ledger-worker: serving " << shards << " shards from "
                << c.redacted_url() << std::endl;
    }
    try {
      if (auto e = c.poll(std::chrono::milliseconds{200}))
        serve(c, handler, *e);
    } catch (const messaging::amqp_error& e) {
      on_error(e.what());
      c.close();
    }
  }
  c.close();
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  auto opts = make_options();
  if (auto problem = opts.parse(argc, argv)) {
    std::cerr << "ledger-worker: " << *problem << '\n';
    return 2;
  }
  if (opts.help_requested()) {
    std::cout << opts.help();
    return 0;
  }
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  try {
    return run(opts);
  } catch (const std::exception& e) {
    std::cerr << "ledger-worker: " << e.what() << '\n';
    return 1;
  }
}
