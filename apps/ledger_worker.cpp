// ledger-worker: runs N lanes (worker/lane.hpp), each consuming its own
// queue on the consistent-hash exchange ledger.requests and running the
// ledgers' algorithms in model hosts of its own; stops within a bounded
// time on SIGTERM or SIGINT. docs/worker.md.

#include "cli/options.hpp"
#include "cli/secrets_guard.hpp"
#include "core/ledger_config.hpp"
#include "worker/builtin_algorithms.hpp"
#include "worker/lane_set.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace ledger;

namespace {

// The stop sequence's bounds: lanes answer what already arrived for up to
// drain_limit, then waits for models are cut short; past give_up the
// process exits whatever is left. All well under 10 s.
constexpr auto lane_drain = std::chrono::milliseconds{2000};
constexpr auto drain_limit = std::chrono::milliseconds{2500};
constexpr auto give_up = std::chrono::milliseconds{8000};

apps::options make_options() {
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  return apps::options{
    "ledger-worker",
    "An algorithm worker: consumes trade requests from RabbitMQ's consistent-\n"
    "hash exchange ledger.requests on N lanes (each a thread with its own\n"
    "connection, queue and model hosts), runs each ledger's model -- a Python\n"
    "model host, or a built-in algorithm (" +
      worker::builtin_names() +
      ") --\n"
      "and replies with its trades or a coded error (model_error, timeout,\n"
      "bad_output). Any number of workers may run: each lane takes a share of\n"
      "the ledgers. SIGTERM or SIGINT stops it within 10 s.",
    {
      {"amqp-url", "LEDGER_AMQP_URL", "amqp://ledger@127.0.0.1:17672/ledger",
       "RabbitMQ URL", true},
      {"algos-root", "LEDGER_ALGOS_ROOT", LEDGER_DEFAULT_ALGOS_ROOT,
       "folder algo_paths are resolved under (paths may not escape it)"},
      {"sdk-path", "LEDGER_SDK_PATH", LEDGER_DEFAULT_SDK_PATH,
       "folder holding the ledger_model Python package"},
      // Twice the cores: a lane waits for its host and the broker most of
      // the time (docs/worker.md, "How many lanes").
      {"lanes", "LEDGER_WORKER_LANES", std::to_string(2 * cores),
       "lanes (1-256): threads each with its own connection, queue and model "
       "hosts; default: twice the number of cores"},
      {"prefetch", "", "64",
       "requests a lane may hold unanswered (1-1000; bounds memory)"},
      {"model-hard-limit", "LEDGER_MODEL_HARD_LIMIT", "30s",
       "a model host still working on one request this long after it was "
       "sent is killed and restarted (500ms, 30s, 2m)"},
      {"memory-limit-mb", "", "1024", "address-space cap of each model host"},
      {"model-cpu-limit", "LEDGER_MODEL_CPU_LIMIT", "3600",
       "CPU seconds a model host may use in its life; past them it is "
       "killed and restarted (1-86400; docs/worker.md)"},
      {"model-open-files", "", "1024",
       "open files a model host may hold at once (16-65536)"},
      {"allow-child-processes", "LEDGER_ALLOW_CHILD_PROCESSES", "",
       "let models start processes (refused by default; they never outlive "
       "their host)",
       false, true},
      {"python", "LEDGER_PYTHON", "python3",
       "the interpreter of Python model hosts (searched in PATH); with "
       "--model-user it must be one that user may run, e.g. /usr/bin/python3"},
      {"model-user", "LEDGER_MODEL_USER", "",
       "run model hosts as this user (the worker must be root; e.g. nobody): "
       "they then cannot read the worker's environment or the files holding "
       "credentials. As root without it, the worker warns"},
      {"topology-prefix", "LEDGER_TOPOLOGY_PREFIX", "",
       "prefix of every exchange and queue name (tests isolate with it)"},
    }};
}

int whole_number(const std::string& text, const char* what, int low, int high) {
  try {
    std::size_t used = 0;
    auto n = std::stoi(text, &used);
    if (used == text.size() && n >= low && n <= high)
      return n;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(std::string{what} + " must be a whole number " +
                              "from " + std::to_string(low) + " to " +
                              std::to_string(high));
}

void say(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> guard{mutex};
  std::cerr << "ledger-worker: " << line << std::endl;
}

worker::lane_options lane_options_from(const apps::options& opts) {
  worker::lane_options o;
  o.amqp_url = opts.get("amqp-url");
  o.topology.prefix = opts.get("topology-prefix");
  o.prefetch = static_cast<std::uint16_t>(
    whole_number(opts.get("prefetch"), "--prefetch", 1, 1000));
  o.drain = lane_drain;
  o.handler.algos_root = opts.get("algos-root");
  o.hosts.python_path = opts.get("sdk-path");
  o.hosts.command.front() = opts.get("python");
  o.hosts.memory_limit = std::stoull(opts.get("memory-limit-mb")) << 20;
  auto hard = parse_interval(opts.get("model-hard-limit"));
  if (!hard)
    throw std::invalid_argument(
      "--model-hard-limit must look like 500ms, 30s or 2m");
  o.hosts.hard_limit = *hard;
  o.hosts.cpu_limit = std::chrono::seconds{
    whole_number(opts.get("model-cpu-limit"), "--model-cpu-limit", 1, 86400)};
  o.hosts.max_open_files =
    whole_number(opts.get("model-open-files"), "--model-open-files", 16, 65536);
  auto allow = opts.get("allow-child-processes");
  o.hosts.allow_child_processes = opts.is_set("allow-child-processes") ||
                                  allow == "1" || allow == "true" ||
                                  allow == "yes" || allow == "on";
  if (auto name = opts.get("model-user"); !name.empty()) {
    if (::geteuid() != 0)
      throw std::invalid_argument("--model-user needs the worker to run as "
                                  "root (it cannot change user otherwise)");
    auto user = worker::find_user(name);
    if (auto why = std::get_if<std::string>(&user))
      throw std::invalid_argument("--model-user: " + *why);
    o.hosts.user = std::get<worker::run_as_user>(user);
  } else if (::geteuid() == 0) {
    say("warning: running as root without --model-user, so models run as "
        "root too and can read every credential on this machine");
  }
  return o;
}

int run(const apps::options& opts) {
  auto lanes_wanted = whole_number(opts.get("lanes"), "--lanes", 1, 256);
  auto base = lane_options_from(opts);

  // Only this thread takes SIGTERM and SIGINT (sigtimedwait below); the
  // lanes inherit the mask, and model hosts get the default back.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  worker::lane_set lanes{lanes_wanted, base, say};
  lanes.start();
  say("started " + std::to_string(lanes_wanted) + " lane(s), prefetch " +
      std::to_string(base.prefetch) + ", model hard limit " +
      std::to_string(base.hosts.hard_limit.count()) + " ms");

  int signal = 0;
  while (signal <= 0 && !lanes.all_finished()) {
    timespec tick{0, 500'000'000};
    signal = sigtimedwait(&stop_signals, nullptr, &tick);
  }
  auto begun = std::chrono::steady_clock::now();
  say(signal > 0 ? std::string{"got SIG"} + sigabbrev_np(signal) +
                     ": stopping " + std::to_string(lanes_wanted) + " lane(s)"
                 : std::string{"every lane has ended: stopping"});
  auto report = lanes.stop(drain_limit, give_up);
  auto took =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - begun)
      .count();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", took);
  if (report.stuck > 0) {
    say(std::to_string(report.stuck) + " lane(s) still busy after " + seconds +
        " s; exiting anyway (their model hosts die with the worker)");
    std::_Exit(1);
  }
  say(std::string{"stopped in "} + seconds + " s; answered " +
      std::to_string(lanes.answered()) + " request(s), " +
      std::to_string(lanes.timeouts()) + " of them timeout; released " +
      std::to_string(lanes.released()) + " ended ledger(s)");
  return signal > 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  apps::hide_from_same_user("ledger-worker");
  auto opts = make_options();
  if (auto status = opts.parse_or_exit_status(argc, argv))
    return *status;
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(opts);
  } catch (const std::exception& e) {
    std::cerr << "ledger-worker: " << e.what() << '\n';
    return 1;
  }
}
