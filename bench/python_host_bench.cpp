// Ticks per second through ONE Python model host with a trivial model
// (bench/algorithms/trivial), requests sent back to back through the
// worker's request handler, as a lane does; and the same requests through
// the built-in algorithm builtin:null (decode, handle, encode: the worker's
// own cost per request, without the broker). Each figure is the median of
// several runs. Needs python3; no servers.
//
// Usage: python_host_bench [ticks-per-run (default 20000)] [runs (default 5)]
//                          [python|builtin (default: both)]

#include "messaging/codec_trade.hpp"
#include "worker/host_pool.hpp"
#include "worker/request_handler.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ledger;
using clock_type = std::chrono::steady_clock;

namespace {

/// A realistic request: a book of three tickers, one fill since the last
/// tick, a deadline far away.
algo_request sample(std::string algo, std::int64_t tick) {
  algo_request r;
  r.ledger = "bench-" + std::to_string(tick % 10);
  r.tick = tick;
  r.time = std::chrono::system_clock::now();
  r.deadline = r.time + std::chrono::seconds{30};
  r.algo = std::move(algo);
  r.balance = *money::parse("98591.75");
  r.positions = {{"AAPL", 8}, {"MSFT", 3}};
  r.prices = {{"AAPL", *price::parse("176.25")},
              {"GOOG", *price::parse("141.8")},
              {"MSFT", *price::parse("410.5")}};
  r.value = *money::parse("101232.25");
  r.trades = {fill{side::buy, "AAPL", *quantity::make(8), *price::parse("176"),
                   std::nullopt, money::units(0), money::units(-1408)}};
  return r;
}

struct run_figures {
  double ticks_per_s;
  double p50_us;
  double p99_us;
};

double percentile(std::vector<double>& v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

/// `ticks` requests back to back through `step`; throughput and latency.
template <class Step>
run_figures measure(int ticks, Step step) {
  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(ticks));
  auto begun = clock_type::now();
  for (int i = 0; i < ticks; ++i) {
    auto t = clock_type::now();
    step(i);
    latencies.push_back(
      std::chrono::duration<double, std::micro>(clock_type::now() - t).count());
  }
  auto seconds =
    std::chrono::duration<double>(clock_type::now() - begun).count();
  return {ticks / seconds, percentile(latencies, 0.5),
          percentile(latencies, 0.99)};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class Step>
void report(const char* name, int ticks, int runs, Step step) {
  std::vector<double> rates, p50, p99;
  for (int r = 0; r < runs; ++r) {
    auto f = measure(ticks, step);
    rates.push_back(f.ticks_per_s);
    p50.push_back(f.p50_us);
    p99.push_back(f.p99_us);
  }
  std::printf("%s_ticks_per_s %.0f ticks/s\n", name, median(rates));
  std::printf("%s_latency_p50 %.1f us\n", name, median(p50));
  std::printf("%s_latency_p99 %.1f us\n", name, median(p99));
  std::fflush(stdout);
}

void fail_on(const algo_reply& reply) {
  if (reply.error) {
    std::fprintf(stderr, "python_host_bench: %s: %s\n",
                 std::string{to_string(*reply.error)}.c_str(),
                 reply.error_message.c_str());
    std::exit(1);
  }
}

void bench_python(worker::request_handler& handler, int ticks, int runs) {
  std::vector<algo_request> requests;
  for (int i = 0; i < 1000; ++i)
    requests.push_back(sample("trivial", i + 1));
  for (int i = 0; i < 500; ++i) // start the host, warm both sides
    fail_on(handler.handle(requests[static_cast<std::size_t>(i) % 1000]));
  report("python_host", ticks, runs, [&](int i) {
    fail_on(handler.handle(requests[static_cast<std::size_t>(i) % 1000]));
  });
}

void bench_builtin(worker::request_handler& handler, int ticks, int runs) {
  std::vector<std::string> bodies;
  for (int i = 0; i < 1000; ++i)
    bodies.push_back(
      messaging::encode_trade_request(sample("builtin:null", i + 1)));
  report("builtin_null", ticks * 5, runs, [&](int i) {
    auto decoded = messaging::decode_trade_request(
      bodies[static_cast<std::size_t>(i) % 1000]);
    if (auto* why = std::get_if<std::string>(&decoded)) {
      std::fprintf(stderr, "python_host_bench: %s\n", why->c_str());
      std::exit(1);
    }
    auto reply = handler.handle(std::get<algo_request>(decoded));
    fail_on(reply);
    if (messaging::encode_trade_reply(reply).empty())
      std::exit(1);
  });
}

} // namespace

int main(int argc, char** argv) {
  int ticks = argc > 1 ? std::atoi(argv[1]) : 20000;
  int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::string only = argc > 3 ? argv[3] : "";
  if (ticks < 100 || runs < 1) {
    std::fprintf(stderr, "usage: python_host_bench [ticks >= 100] [runs]\n");
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  worker::host_options options;
  options.python_path = LEDGER_SDK_PATH;
  options.environment = {{"PYTHONDONTWRITEBYTECODE", "1"}};
  worker::host_pool pool{options};
  worker::request_handler handler{{LEDGER_BENCH_ALGOS}, pool};

  if (only != "builtin")
    bench_python(handler, ticks, runs);
  if (only != "python")
    bench_builtin(handler, ticks, runs);
  return 0;
}
