// ledgerd: the engine. Migrates the database, recovers every ledger, and
// runs their ticks until SIGINT/SIGTERM.

#include "actors/engine.hpp"
#include "actors/errors.hpp"
#include "actors/inprocess_gateway.hpp"
#include "actors/lease_keeper.hpp"
#include "api/start_http.hpp"
#include "cli/options.hpp"
#include "cli/secrets_guard.hpp"
#include "core/ledger_config.hpp"
#include "persistence/store.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <csignal>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

using namespace ledger;

namespace {

apps::options make_options() {
  return apps::options{
    "ledgerd",
    "The Ledger Instances engine: every ledger is an actor that ticks on its\n"
    "interval, asks its algorithm for trades, fills them and records\n"
    "everything in Postgres.",
    {
      {"database-url", "LEDGER_DATABASE_URL",
       "postgresql://ledger@127.0.0.1:17432/ledger",
       "PostgreSQL connection URL", true},
      {"model-deadline", "LEDGER_MODEL_DEADLINE", "5s",
       "longest a model may take to answer (capped by each ledger's interval)"},
      {"batch-size", "", "1024", "facts written per transaction at most"},
      {"batch-delay", "", "2ms",
       "least time between the starts of two database writes, so the "
       "longest a fact waits for others to join its batch; under load it "
       "bounds the transactions per second (0: plain group commit, written "
       "as soon as the writer is free)"},
      {"queue-capacity", "", "10000",
       "queued facts before ledgers pause ticking (nothing is dropped)"},
      {"database-stall-limit", "LEDGER_DATABASE_STALL_LIMIT", "20s",
       "longest one database call may wait for an answer before its "
       "connection is closed and the database counts as unavailable (a "
       "frozen server; 0: wait forever)"},
      {"migrate-only", "", "", "apply database migrations and exit", false,
       true},
      {"http-addr", "LEDGER_HTTP_ADDR", "127.0.0.1:8080",
       "where the REST API listens (host:port)"},
      {"api-keys", "LEDGER_API_KEYS", "",
       "comma-separated API keys accepted in X-API-Key (mutations need one)",
       true},
      {"api-key-file", "LEDGER_API_KEY_FILE", "",
       "a file of API keys, one per line"},
      {"read-requires-key", "LEDGER_READ_REQUIRES_KEY", "",
       "reads need an API key too", false, true},
      {"readers", "LEDGER_READERS", "4",
       "database connections serving REST reads, each on its own thread; "
       "requests are spread across them"},
      {"amqp-url", "LEDGER_AMQP_URL", "amqp://ledger@127.0.0.1:17672/ledger",
       "RabbitMQ URL (workers, quotes, commands, events)", true},
      {"topology-prefix", "LEDGER_TOPOLOGY_PREFIX", "",
       "prefix of every exchange and queue name (tests isolate with it)"},
      {"threads", "LEDGER_THREADS", "0",
       "CAF scheduler threads running the actors (0: one per core; the "
       "database and broker clients have threads of their own)"},
      {"scheduler", "LEDGER_SCHEDULER", "stealing",
       "CAF's scheduler: stealing (a queue per thread, idle threads steal "
       "from busy ones) or sharing (one queue for all threads)"},
      {"stop-timeout", "", "10s",
       "longest a stop may take; past it ledgerd exits at once"},
      {"max-in-flight", "LEDGER_MAX_IN_FLIGHT", "1000",
       "trade requests awaiting workers at most (the limit learned from "
       "timeouts stays below it); beyond, ticks are skipped at once instead "
       "of queueing behind them"},
      {"tick-events", "LEDGER_TICK_EVENTS", "",
       "publish every tick on ledger.events (status changes always are)", false,
       true},
      {"no-broker", "", "",
       "run without RabbitMQ: ticks record model_error (no workers)", false,
       true},
      {"events-retain", "LEDGER_EVENTS_RETAIN", "32768",
       "live events (/v1/events) kept in memory for clients resuming with "
       "Last-Event-ID"},
      {"events-retain-for", "LEDGER_EVENTS_RETAIN_FOR", "5m",
       "how long live events are still recorded after the last client left "
       "(0: stop at once); past it they cost nothing"},
      {"events-backlog", "LEDGER_EVENTS_BACKLOG", "4096",
       "events a live-events client may fall behind before it is "
       "disconnected (it resumes with Last-Event-ID)"},
      {"events-max-clients", "LEDGER_EVENTS_MAX_CLIENTS", "64",
       "concurrent live-events clients; beyond, 503"},
      {"events-heartbeat", "LEDGER_EVENTS_HEARTBEAT", "15s",
       "an idle event stream gets a comment this often"},
      {"node-name", "LEDGER_NODE_NAME", "",
       "this node's name among the ledgerd nodes of one database "
       "(docs/scale-out.md); default <host>:<http port>, or <host>-<pid> "
       "when the port is chosen by the system"},
      {"engine-shards", "LEDGER_ENGINE_SHARDS", "64",
       "engine shards the ledgers hash to, each ticked by the one node "
       "holding its lease; the same on every node of a database"},
    }};
}

std::size_t to_count(const std::string& text, const char* what) {
  try {
    auto n = std::stoull(text);
    if (n == 0)
      throw std::invalid_argument("zero");
    return n;
  } catch (const std::exception&) {
    throw std::invalid_argument(std::string{what} +
                                " must be a positive whole number");
  }
}

std::chrono::milliseconds to_duration(const std::string& text,
                                      const char* what) {
  auto d = parse_interval(text);
  if (!d)
    throw std::invalid_argument(std::string{what} +
                                " must look like 500ms, 5s or 1m");
  return *d;
}

// A duration where 0 means "none": "0", "0ms", "0s" and "0m" all say so.
std::chrono::milliseconds to_duration_or_zero(const std::string& text,
                                              const char* what) {
  auto digits = text.substr(0, text.find_first_not_of("0123456789"));
  auto unit = text.substr(digits.size());
  if (!digits.empty() && digits.find_first_not_of('0') == std::string::npos &&
      (unit.empty() || unit == "ms" || unit == "s" || unit == "m"))
    return std::chrono::milliseconds{0};
  auto d = parse_interval(text);
  if (!d)
    throw std::invalid_argument(std::string{what} +
                                " must be 0 or look like 500ms, 5s or 1m");
  return *d;
}

// A stop that hangs (a database or broker that stopped answering) must
// not keep ledgerd alive: past `limit` the process exits. Facts not yet
// committed are lost; the ledgers resume from their last committed tick.
void arm_stop_watchdog(std::chrono::milliseconds limit) {
  std::thread{[limit] {
    std::this_thread::sleep_for(limit);
    std::cerr << "ledgerd: the stop took longer than " << limit.count()
              << " ms; exiting now (ledgers resume from their last committed "
                 "tick)"
              << std::endl;
    std::_Exit(1);
  }}.detach();
}

// <host>:<port> of --http-addr, or <host>-<pid> when the system chooses
// the port: unique among the nodes of a database unless told otherwise.
std::string default_node_name(const std::string& http_addr) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  auto colon = http_addr.rfind(':');
  auto port = colon == std::string::npos ? "" : http_addr.substr(colon + 1);
  if (port.empty() || port == "0")
    return std::string{host} + "-" + std::to_string(::getpid());
  return std::string{host} + ":" + port;
}

// Without a broker ledgers have no workers to ask: every tick records
// model_error with this sentence, so the reason is visible.
algo_reply no_workers(const algo_request&) {
  throw std::runtime_error("ledgerd runs with --no-broker: no algorithm "
                           "workers can be asked");
}

int run(const apps::options& opts) {
  persistence_options popts;
  popts.database_url = opts.get("database-url");
  popts.batch_size = to_count(opts.get("batch-size"), "--batch-size");
  popts.batch_delay =
    to_duration_or_zero(opts.get("batch-delay"), "--batch-delay");
  popts.capacity = to_count(opts.get("queue-capacity"), "--queue-capacity");
  popts.stall_limit = to_duration_or_zero(opts.get("database-stall-limit"),
                                          "--database-stall-limit");
  // Each reader holds a database connection: a typo must not exhaust the
  // server's max_connections.
  auto readers = to_count(opts.get("readers"), "--readers");
  if (readers > 64)
    throw std::invalid_argument("--readers must be at most 64");
  api::event_hub_options hub_options;
  hub_options.retain = to_count(opts.get("events-retain"), "--events-retain");
  hub_options.retain_for =
    to_duration_or_zero(opts.get("events-retain-for"), "--events-retain-for");
  hub_options.backlog =
    to_count(opts.get("events-backlog"), "--events-backlog");
  hub_options.max_clients =
    to_count(opts.get("events-max-clients"), "--events-max-clients");
  hub_options.heartbeat =
    to_duration(opts.get("events-heartbeat"), "--events-heartbeat");
  auto deadline = to_duration(opts.get("model-deadline"), "--model-deadline");
  auto shards = to_count(opts.get("engine-shards"), "--engine-shards");
  if (shards > static_cast<std::size_t>(max_engine_shards))
    throw std::invalid_argument("--engine-shards must be at most " +
                                std::to_string(max_engine_shards));
  auto node = opts.get("node-name").empty()
                ? default_node_name(opts.get("http-addr"))
                : opts.get("node-name");
  auto stop_timeout = to_duration(opts.get("stop-timeout"), "--stop-timeout");
  {
    persistence::store db{popts.database_url};
    auto version = db.migrate();
    std::cout << "ledgerd: database schema version " << version << std::endl;
  }
  if (opts.is_set("migrate-only"))
    return 0;
  // Block the stop signals before CAF starts its threads, so that only
  // sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  caf::actor_system_config cfg;
  auto policy = opts.get("scheduler");
  if (policy != "sharing" && policy != "stealing")
    throw std::invalid_argument("--scheduler must be sharing or stealing");
  cfg.set("scheduler.policy", caf::atom_from_string(policy));
  // An idle stealing thread spins briefly, then sleeps until work is
  // enqueued for it. CAF's middle stage between the two (500 polls 50 us
  // apart) woke each idle thread 20,000 times a second: at 5,000 ticks/s a
  // third of ledgerd's CPU samples were those wake-ups, and the replies'
  // p99 was higher with them (bench/README.md).
  if (policy == "stealing")
    cfg.set("work-stealing.moderate-poll-attempts", 0);
  // One thread per core, not CAF's default of at least 4: on 2 cores the
  // extra two only wait for a core. In alternating runs at 5,000 ticks/s,
  // two of four with 4 threads had a p99 of 85-89 ms, none of four with 2
  // (bench/README.md).
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  if (opts.get("threads") != "0")
    threads = to_count(opts.get("threads"), "--threads");
  cfg.set("scheduler.max-threads", threads);
  caf::actor_system sys{cfg};
  engine_settings settings;
  settings.persistence = popts;
  settings.max_deadline = deadline;
  // Live events: ledgers report to the hub beside the broker (engine.cpp).
  auto hub = std::make_shared<api::event_hub>(hub_options);
  settings.events = hub;
  auto ownership =
    std::make_shared<shard_ownership>(node, static_cast<int>(shards));
  settings.ownership = ownership;
  // This node's share of the engine shards is taken before the engine
  // exists, so its first command finds them held; the keeper then loads
  // their ledgers and rebalances once a second.
  lease_settings leases;
  leases.database_url = popts.database_url;
  leases.http = opts.get("http-addr");
  lease_keeper keeper{sys, ownership, leases};
  keeper.join();
  if (opts.is_set("no-broker")) {
    settings.make_gateway = [](caf::actor_system& s) {
      return s.spawn(inprocess_gateway, no_workers);
    };
  } else {
    broker_settings b;
    b.url = opts.get("amqp-url");
    b.topology.prefix = opts.get("topology-prefix");
    b.tick_events =
      api::is_truthy(opts.get("tick-events")) || opts.is_set("tick-events");
    b.max_in_flight = to_count(opts.get("max-in-flight"), "--max-in-flight");
    settings.broker = b;
  }
  auto spawned = spawn_engine(sys, settings);
  if (!spawned)
    throw std::invalid_argument(message_of(spawned.error()));
  auto& e = *spawned;
  caf::scoped_actor self{sys};
  int status = 0;
  try {
    auto n = keeper.start(e.registry);
    std::cout << "ledgerd: node " << node << " holds "
              << ownership->held().size() << " of " << shards
              << " engine shards; recovered " << n << " ledgers" << std::endl;
  } catch (const std::exception& x) {
    std::cerr << "ledgerd: cannot load the ledgers of its shards: " << x.what()
              << '\n';
    status = 1;
  }
  // The REST adapter (api/): its own threads, stopped before the actors.
  api::http_settings http_settings;
  http_settings.address = opts.get("http-addr");
  http_settings.api_keys = opts.get("api-keys");
  http_settings.api_key_file = opts.get("api-key-file");
  http_settings.read_requires_key =
    api::is_truthy(opts.get("read-requires-key"));
  http_settings.readers = readers;
  std::unique_ptr<api::http_service> http;
  try {
    if (status == 0)
      http = api::start_http(sys,
                             {e.registry, e.persistence, e.metrics,
                              popts.database_url, e.broker_status(),
                              popts.stall_limit, hub, e.forwarder, ownership},
                             http_settings, std::cout);
  } catch (const std::exception& x) {
    std::cerr << "ledgerd: " << x.what() << '\n';
    status = 1;
  }
  if (status == 0) {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cout << "ledgerd: stopping (signal " << signal << ")" << std::endl;
  }
  arm_stop_watchdog(stop_timeout);
  auto stopping = std::chrono::steady_clock::now();
  // First, so that no shard is taken while stopping. The leases are held
  // until the engine has stopped and written its last facts; the keeper's
  // destructor then gives them up with its session.
  keeper.halt();
  http.reset();
  e.stop(self, stop_timeout);
  std::cout << "ledgerd: stopped in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - stopping)
                 .count()
            << " ms" << std::endl;
  return status;
}

} // namespace

int main(int argc, char** argv) {
  apps::hide_from_same_user("ledgerd");
  auto opts = make_options();
  if (auto status = opts.parse_or_exit_status(argc, argv))
    return *status;
  try {
    return run(opts);
  } catch (const persistence::schema_too_new& e) {
    std::cerr << "ledgerd: " << e.what() << '\n';
  } catch (const persistence::store_unavailable& e) {
    std::cerr << "ledgerd: cannot reach the database: " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "ledgerd: " << e.what() << '\n';
  }
  return 1;
}
