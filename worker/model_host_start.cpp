// model_host: starting a host process, and the two guards that refuse work
// which keeps failing (a host that keeps dying, a ledger that keeps ending
// its host).

#include "worker/model_host.hpp"

#include <cstdlib>

namespace ledger::worker {

namespace {

/// Past this many ledgers with failures on record, forget the ones whose
/// failures all aged out (bounds the map on a worker with many ledgers).
constexpr std::size_t ledger_failures_sweep = 1024;

} // namespace

std::optional<host_error> model_host::start(clock::time_point now) {
  if (recent_starts_.full(now))
    return host_error{
      algo_failure::model_error,
      "the model host keeps crashing: started " +
        std::to_string(recent_starts_.count(now)) + " times in the last " +
        std::to_string(options_.restart_window.count()) +
        " s; next attempt in " +
        std::to_string(recent_starts_.seconds_until_free(now)) + " s"};
  recent_starts_.add(now);
  ++starts_;

  spawn_spec spec;
  spec.argv = options_.command;
  spec.argv.push_back(algo_.string());
  spec.environment = options_.environment;
  if (!options_.python_path.empty()) {
    auto path = options_.python_path.string();
    if (const char* old = std::getenv("PYTHONPATH"); old && *old)
      path += std::string{":"} + old;
    spec.environment.emplace_back("PYTHONPATH", std::move(path));
  }
  spec.inherit = options_.inherited_environment;
  spec.memory_limit = options_.memory_limit;
  spec.cpu_seconds = static_cast<std::uint64_t>(options_.cpu_limit.count());
  spec.open_files = options_.max_open_files;
  spec.core_files = false; // a host killed by SIGXCPU would dump its memory
  spec.confine = true;
  // Refused by the SDK's host itself, once Python runs: a `python3` that is
  // a pyenv shim must fork before it can exec the interpreter.
  spec.environment.emplace_back("LEDGER_HOST_CHILD_PROCESSES",
                                options_.allow_child_processes ? "allow"
                                                               : "refuse");
  spec.die_with_parent = options_.die_with_parent;
  spec.user = options_.user;
  auto spawned = child_process::spawn(spec);
  if (auto* why = std::get_if<std::string>(&spawned))
    return host_error{algo_failure::model_error,
                      "cannot start the model host: " + *why};
  channel_.emplace(std::get<child_process>(std::move(spawned)),
                   options_.max_reply_bytes);

  // The ping's reply proves the algorithm loaded; a load failure arrives
  // instead of it (id 0). Either is awaited by the calls that follow,
  // each within its own budget, so a slow import delays no call past its
  // deadline; startup_timeout bounds the whole start.
  auto id = next_id_++;
  pending_ = pending_request{id, now, now + options_.startup_timeout, {}, true};
  channel_->send(request_line(id, ping_members));
  return std::nullopt;
}

std::optional<host_error> model_host::refuse(std::string_view ledger,
                                             clock::time_point now) {
  if (ledger.empty() || options_.max_ledger_failures < 1)
    return std::nullopt;
  auto known = ledger_failures_.find(ledger);
  if (known == ledger_failures_.end() || !known->second.full(now))
    return std::nullopt;
  auto& w = known->second;
  return host_error{
    algo_failure::model_error,
    "this ledger's model ended its model host " + std::to_string(w.count(now)) +
      " times in the last " + std::to_string(w.window().count()) +
      " s (crash, hard limit or broken reply); its ticks fail at once for " +
      std::to_string(w.seconds_until_free(now)) +
      " s while the host serves the other ledgers"};
}

void model_host::blame(const std::string& ledger) {
  if (ledger.empty() || options_.max_ledger_failures < 1)
    return;
  auto now = clock::now();
  if (ledger_failures_.size() >= ledger_failures_sweep)
    for (auto i = ledger_failures_.begin(); i != ledger_failures_.end();)
      i = i->second.count(now) == 0 ? ledger_failures_.erase(i) : std::next(i);
  auto i = ledger_failures_.find(ledger);
  if (i == ledger_failures_.end())
    i = ledger_failures_
          .emplace(ledger, event_window{options_.max_ledger_failures,
                                        options_.restart_window})
          .first;
  i->second.add(now);
}

} // namespace ledger::worker
