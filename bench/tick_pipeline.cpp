// The whole tick pipeline under rising load, everything co-located:
// ledgerd, ledger-worker, Postgres and RabbitMQ, with ledgers created
// through the REST API and quotes published on the broker. For each level
// of offered ticks per second it measures, over a window, the ticks
// committed in Postgres (by outcome), the latency from a tick's timer to
// its committed facts (ledgerd's histogram), the CPU of every process and
// ledgerd's memory; at the end, ticks lost. Prints `name value unit` lines.
//
// Usage: tick_pipeline [--algo builtin:null] [--levels 1000,2000,5000]
//                      [--interval-ms 250] [--seconds 10] [--warmup 3]
//                      [--workers 1] [--prefix NAME]
// Needs LEDGER_DATABASE_URL and LEDGER_AMQP_URL (bench/run.sh sets them).

#include "bench/pipeline_probe.hpp"
#include "core/engine_shard.hpp"
#include "messaging/amqp_connection.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/topology.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/program.hpp"
#include "tests/support/scratch_database.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace ledger;
using namespace std::chrono_literals;

namespace {

constexpr const char* key = "bench-key-7d2c";
// ledgerd's histograms: timer to committed facts, timer to reply applied.
const std::string commit_metric = "ledger_tick_commit_latency_seconds";
const std::string reply_metric = "ledger_tick_latency_seconds";

struct settings {
  std::string algo = "builtin:null";
  std::vector<int> levels = {1000, 2000, 5000, 10000, 15000, 20000, 26000};
  int interval_ms = 250;
  int seconds = 10;
  int warmup = 3;
  int workers = 1;
  std::string name = "tick"; ///< prefix of the printed figures
};

void usage(std::ostream& out) {
  out << "usage: tick_pipeline [--algo builtin:null] [--levels "
         "1000,2000,5000]\n"
         "                     [--interval-ms 250] [--seconds 10] [--warmup "
         "3]\n"
         "                     [--workers 1] [--prefix NAME]\n"
         "Needs LEDGER_DATABASE_URL and LEDGER_AMQP_URL (bench/run.sh sets "
         "them).\n";
}

settings parse(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") {
      usage(std::cout);
      std::exit(0);
    }
    if (i + 1 == argc) {
      std::cerr << "tick_pipeline: " << flag << " needs a value\n";
      usage(std::cerr);
      std::exit(2);
    }
    std::string value = argv[i + 1];
    if (flag == "--algo")
      s.algo = value;
    else if (flag == "--interval-ms")
      s.interval_ms = std::stoi(value);
    else if (flag == "--seconds")
      s.seconds = std::stoi(value);
    else if (flag == "--warmup")
      s.warmup = std::stoi(value);
    else if (flag == "--workers")
      s.workers = std::stoi(value);
    else if (flag == "--prefix")
      s.name = value;
    else if (flag == "--levels") {
      s.levels.clear();
      std::istringstream list{value};
      std::string one;
      while (std::getline(list, one, ','))
        s.levels.push_back(std::stoi(one));
    } else {
      std::cerr << "tick_pipeline: unknown option " << flag << '\n';
      usage(std::cerr);
      std::exit(2);
    }
  }
  return s;
}

unsigned short http_port(test::program& ledgerd) {
  if (!ledgerd.wait_for_output("HTTP on 127.0.0.1:", 30s))
    throw std::runtime_error("ledgerd did not start: " + ledgerd.output());
  std::smatch m;
  auto text = ledgerd.output();
  std::regex_search(text, m, std::regex{"HTTP on 127\\.0\\.0\\.1:([0-9]+)"});
  return static_cast<unsigned short>(std::stoi(m[1]));
}

// Publishes a random walk for two tickers every 50 ms until stopped.
class quote_feed {
public:
  quote_feed(const std::string& url, messaging::topology t)
    : thread_{[this, url, t] { run(url, t); }} {}
  ~quote_feed() {
    stop_ = true;
    thread_.join();
  }

private:
  void run(const std::string& url, const messaging::topology& t) {
    try {
      publish_until_stopped(url, t);
    } catch (const std::exception& e) {
      std::cerr << "tick_pipeline: quote feed: " << e.what() << '\n';
    }
  }

  void publish_until_stopped(const std::string& url,
                             const messaging::topology& t) {
    messaging::amqp_connection c;
    c.connect(url);
    messaging::declare_exchanges(c, t);
    std::int64_t micros = 100'000'000;
    while (!stop_) {
      micros += (std::rand() % 201 - 100) * 1000;
      for (const char* ticker : {"AAPL", "MSFT"}) {
        messaging::quote q{ticker, *price::from_micros(micros),
                           std::chrono::system_clock::now()};
        c.publish(t.quotes_exchange(), ticker, messaging::encode_quote(q));
      }
      c.poll(50ms);
    }
    c.close();
  }

  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Creates ledgers b<from>..b<to-1> through POST /v1/ledgers, 4 at a time.
void create_ledgers(unsigned short port, int from, int to, const settings& s) {
  std::vector<std::thread> threads;
  std::atomic<int> next{from}, failed{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      test::http_client c{port};
      for (int i = next++; i < to; i = next++) {
        auto body = "{\"name\": \"b" + std::to_string(i) +
                    "\", \"tickers\": [\"AAPL\", \"MSFT\"], \"algo_path\": \"" +
                    s.algo + "\", \"interval\": \"" +
                    std::to_string(s.interval_ms) + "ms\", \"end\": 1}";
        if (c.request("POST", "/v1/ledgers", body, {{"X-API-Key", key}})
              .status != 201)
          ++failed;
      }
    });
  for (auto& t : threads)
    t.join();
  if (failed > 0)
    std::cerr << "tick_pipeline: " << failed << " ledgers not created\n";
}

void print(const std::string& name, double value, const char* unit) {
  std::printf("%s %.1f %s\n", name.c_str(), value, unit);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  auto s = parse(argc, argv);
  try {
    test::scratch_database db;
    auto amqp = test::require_env("LEDGER_AMQP_URL");
    messaging::topology topology;
    topology.prefix = "bench." + std::to_string(::getpid()) + ".";
    // ledgerd's shard queues, so that they are deleted at the end too.
    topology.engine_shards = default_engine_shards;
    std::vector<std::pair<std::string, std::string>> env{
      {"LEDGER_API_KEYS", key}, {"LEDGER_API_KEY_FILE", ""}};
    test::program ledgerd{LEDGERD_BINARY,
                          {"--database-url", db.url(), "--amqp-url", amqp,
                           "--http-addr", "127.0.0.1:0", "--topology-prefix",
                           topology.prefix},
                          env};
    auto port = http_port(ledgerd);
    std::vector<std::unique_ptr<test::program>> workers;
    std::vector<pid_t> worker_pids;
    for (int i = 0; i < s.workers; ++i) {
      workers.push_back(std::make_unique<test::program>(
        LEDGER_WORKER_BINARY,
        std::vector<std::string>{"--amqp-url", amqp, "--topology-prefix",
                                 topology.prefix},
        env));
      worker_pids.push_back(workers.back()->pid());
    }
    auto feed = std::make_unique<quote_feed>(amqp, topology);
    std::this_thread::sleep_for(2s);
    test::http_client metrics{port};
    double best_ok = 0;
    int created = 0;
    for (int level : s.levels) {
      int wanted = level * s.interval_ms / 1000;
      create_ledgers(port, created, wanted, s);
      created = std::max(created, wanted);
      std::this_thread::sleep_for(std::chrono::seconds{s.warmup});
      auto m0 = metrics.get("/metrics").body;
      auto h0 = bench::latency_histogram(m0, commit_metric);
      auto r0 = bench::latency_histogram(m0, reply_metric);
      auto t0 = bench::ticks_by_outcome(db.url());
      auto c0 = bench::sample_cpu(ledgerd.pid(), worker_pids);
      std::this_thread::sleep_for(std::chrono::seconds{s.seconds});
      auto m1 = metrics.get("/metrics").body;
      auto h1 = bench::latency_histogram(m1, commit_metric);
      auto r1 = bench::latency_histogram(m1, reply_metric);
      auto t1 = bench::ticks_by_outcome(db.url());
      auto c1 = bench::sample_cpu(ledgerd.pid(), worker_pids);
      double wall = c1.at - c0.at;
      auto at = "_at_" + std::to_string(level);
      print(s.name + "_offered_per_s" + at, level, "ticks/s");
      double committed = 0;
      for (auto& [outcome, n] : t1) {
        double rate = (n - (t0.count(outcome) ? t0[outcome] : 0)) / wall;
        committed += rate;
        print(s.name + "_" + outcome + "_per_s" + at, rate, "ticks/s");
      }
      print(s.name + "_committed_per_s" + at, committed, "ticks/s");
      double ok = (t1["ok"] - t0["ok"]) / wall;
      best_ok = std::max(best_ok, ok);
      print(s.name + "_latency_p50_ms" + at, bench::quantile_ms(h0, h1, 0.5),
            "ms");
      print(s.name + "_latency_p99_ms" + at, bench::quantile_ms(h0, h1, 0.99),
            "ms");
      print(s.name + "_latency_max_ms" + at, bench::max_ms(h0, h1), "ms");
      // The first part of that way: from the timer to the reply applied
      // (what is left is the write to Postgres).
      print(s.name + "_reply_latency_p50_ms" + at,
            bench::quantile_ms(r0, r1, 0.5), "ms");
      print(s.name + "_reply_latency_p99_ms" + at,
            bench::quantile_ms(r0, r1, 0.99), "ms");
      auto cpu = bench::cpu_percent(c0, c1);
      for (auto& [role, pct] : cpu)
        print("cpu_" + role + "_pct" + at, pct, "%");
      // What the worker side (worker and its model hosts) delivers per
      // second of CPU: how a second worker's share is judged when both
      // share this machine's cores (bench/README.md).
      double worker_cores = (cpu["worker"] + cpu["model_hosts"]) / 100.0;
      if (worker_cores > 0)
        print(s.name + "_ok_per_worker_cpu_s" + at, ok / worker_cores,
              "ticks/cpu-s");
      if (level == 5000)
        print(s.name + "_latency_p99_ms_at_5k",
              bench::quantile_ms(h0, h1, 0.99), "ms");
      print("ledgerd_rss_mb" + at,
            bench::resident_bytes(ledgerd.pid()) / 1048576.0, "MB");
    }
    print(s.name + "_throughput_per_s", best_ok, "ticks/s");
    if (s.name != "tick") // the name for the Python pipeline's
      print(s.name + "_ticks_per_s", best_ok, "ticks/s");
    // Stop cleanly (ledgerd flushes), then count ticks that never landed.
    ledgerd.signal(SIGTERM);
    ledgerd.wait(15s);
    print(s.name == "tick" ? std::string{"ticks_lost"} : s.name + "_ticks_lost",
          bench::ticks_lost(db.url()), "ticks");
    workers.clear();
    feed.reset(); // before its exchange goes
    messaging::amqp_connection admin;
    admin.connect(amqp);
    messaging::delete_topology(admin, topology);
  } catch (const std::exception& e) {
    std::cerr << "tick_pipeline: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
