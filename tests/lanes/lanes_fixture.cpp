#include "tests/lanes/lanes_fixture.hpp"

#include "messaging/codec_trade.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

namespace ledger::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string key(const std::string& ledger, std::int64_t tick) {
  return ledger + "/" + std::to_string(tick);
}

lanes_world::lanes_world() {
  std::random_device random;
  auto tag = std::to_string(random() % 1'000'000'000);
  topology.prefix = "lanes." + tag + ".";
  root = fs::temp_directory_path() / ("ledger-lanes-" + tag);
  fs::create_directories(root);
  messaging::connect_options o;
  o.name = "lanes_tests";
  client.connect(amqp_url(), o);
  // Durable, as the workers declare it (a temporary one would conflict).
  messaging::declare_topology(client, topology);
  reply_queue = client.declare_reply_queue();
  client.consume(reply_queue, 1000);
}

lanes_world::~lanes_world() {
  workers.clear(); // SIGKILL and reap whatever still runs
  try {
    if (!client.is_open())
      client.connect(amqp_url());
    messaging::delete_topology(client, topology);
  } catch (const std::exception& e) {
    BOOST_TEST_MESSAGE("cleanup of " << topology.prefix
                                     << " failed: " << e.what());
  }
  std::error_code ignored;
  fs::remove_all(root, ignored);
}

void lanes_world::add_model(const std::string& name,
                            const std::string& source) {
  fs::create_directories(root / name);
  std::ofstream{root / name / "model.py"} << source;
}

program& lanes_world::start_worker(
  int lanes, std::vector<std::string> args,
  std::vector<std::pair<std::string, std::string>> env) {
  args.insert(args.end(), {"--lanes", std::to_string(lanes)});
  env.insert(env.end(), {{"LEDGER_AMQP_URL", amqp_url()},
                         {"LEDGER_TOPOLOGY_PREFIX", topology.prefix},
                         {"LEDGER_ALGOS_ROOT", root.string()},
                         {"PYTHONDONTWRITEBYTECODE", "1"}});
  workers.push_back(
    std::make_unique<program>(LEDGER_WORKER_BINARY, std::move(args), env));
  auto& p = *workers.back();
  auto until = std::chrono::steady_clock::now() + 30s;
  while (occurrences(p.output(), ": serving ") <
           static_cast<std::size_t>(lanes) &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  BOOST_REQUIRE_MESSAGE(occurrences(p.output(), ": serving ") ==
                          static_cast<std::size_t>(lanes),
                        p.output());
  return p;
}

void lanes_world::request(const std::string& ledger, std::int64_t tick,
                          const std::string& algo, timestamp deadline) {
  algo_request r;
  r.ledger = ledger;
  r.tick = tick;
  r.time = std::chrono::system_clock::now();
  r.deadline = deadline;
  r.algo = algo;
  r.balance = money::units(100000);
  r.prices = {{"AAPL", *price::parse("176.25")}};
  request_body(ledger, tick, messaging::encode_trade_request(r));
}

void lanes_world::request_body(const std::string& ledger, std::int64_t tick,
                               const std::string& body) {
  messaging::publish_options o;
  o.reply_to = reply_queue;
  o.correlation_id = key(ledger, tick);
  o.persistent = false;
  client.publish(topology.trade_requests_exchange(),
                 messaging::request_routing_key(ledger), body, o);
}

std::map<std::string, algo_reply>
lanes_world::replies(std::chrono::milliseconds wait, std::size_t expected) {
  std::map<std::string, algo_reply> out;
  auto until = std::chrono::steady_clock::now() + wait;
  while (out.size() < expected && std::chrono::steady_clock::now() < until) {
    auto e = client.poll(20ms);
    if (!e)
      continue;
    client.ack(*e);
    auto decoded = messaging::decode_trade_reply(e->body);
    BOOST_REQUIRE_MESSAGE(std::holds_alternative<algo_reply>(decoded), e->body);
    auto& reply = std::get<algo_reply>(decoded);
    BOOST_TEST(e->correlation_id == key(reply.ledger, reply.tick));
    out[e->correlation_id] = std::move(reply);
  }
  return out;
}

} // namespace ledger::test
