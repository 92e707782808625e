#pragma once

// Supervision of one model host: the Python SDK's `ledger_model.host`
// serving one algorithm to many ledgers over JSON lines (protocol:
// docs/model-host.md). The host is started on the first call and restarted
// on the call after it died, was killed or broke the protocol.
//
// Deadlines and overload. A call never waits past its budget. A model that
// misses the budget does not cost its host: the call answers timeout, the
// request stays outstanding, and its late reply is read and dropped later
// (by the next call, which waits for it within its own budget and answers
// timeout without sending if the host cannot become free in time, or by
// service()). Only a host still working on one request `hard_limit` after
// it was sent is killed. Two guards keep failures from repeating: a host
// started max_starts times within restart_window fails fast, and so does
// a ledger whose requests ended the host max_ledger_failures times within
// that window, so that one ledger cannot stop the others.
//
// Not thread-safe: one model_host belongs to one thread (a worker lane),
// which should be the thread that started it (see spawn_spec). The caller
// must ignore SIGPIPE (see worker/child_process.hpp).

#include "core/algo_failure.hpp"
#include "worker/child_process.hpp"
#include "worker/event_window.hpp"
#include "worker/host_channel.hpp"
#include "worker/host_protocol.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ledger::worker {

/// How model hosts are started and bounded.
struct host_options {
  /// The command; the algorithm's resolved path is appended as the last
  /// argument. Tests substitute fake hosts here.
  std::vector<std::string> command = {"python3", "-m", "ledger_model.host",
                                      "--algo"};
  /// Put first on the child's PYTHONPATH (the folder holding the
  /// ledger_model package, `sdk/python`); empty leaves PYTHONPATH alone.
  std::filesystem::path python_path;
  /// Variables given to the host, whatever their names (tests pass
  /// LEDGER_TEST_* here).
  std::vector<std::pair<std::string, std::string>> environment;
  /// The only variables of the worker's own environment the host gets
  /// (names, or prefixes ending in '*'), and never one whose name looks
  /// like a credential (looks_secret: *KEY*, *TOKEN*, *URL*, ...): the
  /// worker's broker URL, database URL and API keys stay out of reach of
  /// models. LEDGER_MODEL_* is where an operator puts settings for models.
  std::vector<std::string> inherited_environment = {
    // The system and the locale.
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_*", "TZ",
    "TMPDIR",
    // Python, and the thread counts of numeric libraries.
    "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING",
    "PYTHONUNBUFFERED", "PYTHONWARNINGS", "LD_LIBRARY_PATH", "VIRTUAL_ENV",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
    // Settings an operator means for models (LEDGER_MODEL_LOG, ...).
    "LEDGER_MODEL_*"};
  /// RLIMIT_AS of the host in bytes (0: none). Python meets it with a
  /// MemoryError, which the host reports as model_error.
  std::uint64_t memory_limit = std::uint64_t{1} << 30;
  /// RLIMIT_CPU of the host: the CPU time it may use in its whole life,
  /// all its threads together (0: none). The hard limit stops one request
  /// that runs too long; this stops CPU burnt where no request waits (a
  /// thread a model left spinning). A host reaching it is killed (SIGXCPU)
  /// and restarted on demand; its ledgers' models start afresh. A host
  /// that is busy all the time uses one CPU-second a second, so at the
  /// default that happens at most once an hour.
  std::chrono::seconds cpu_limit{3600};
  /// RLIMIT_NOFILE of the host, soft and hard (0: the worker's).
  std::uint64_t max_open_files = 1024;
  /// Whether a model may start processes (fork, subprocess,
  /// multiprocessing). By default it may not (PermissionError): each
  /// process would have its own memory and CPU caps. When allowed, they
  /// stay in the host's process group (setsid is refused) and are killed
  /// with the host. In both cases a model may not signal the worker.
  bool allow_child_processes = false;
  /// The user hosts run as (the worker must be root); nullopt: the
  /// worker's. A worker run as root should set one: a host of root's
  /// could read every credential on the machine.
  std::optional<run_as_user> user;
  /// A reply line longer than this is bad_output and the host is killed.
  std::size_t max_reply_bytes = std::size_t{1} << 20;
  /// How long a fresh host may take to load its algorithm and answer its
  /// first ping before it is killed. Calls wait for it within their own
  /// budget only; the start goes on for the next call.
  std::chrono::milliseconds startup_timeout{10'000};
  /// The longest a host may work on one request, from when it was sent;
  /// past it the host is killed and restarted.
  std::chrono::milliseconds hard_limit{30'000};
  /// How long a host that should exit (end of input, end of its output, a
  /// load failure) is waited for before SIGKILL.
  std::chrono::milliseconds shutdown_grace{500};
  /// At most this many starts of one host within `restart_window`; beyond
  /// that its calls fail at once with model_error until the oldest start
  /// ages out.
  int max_starts = 5;
  /// A ledger whose requests ended the host (crash, hard limit, broken
  /// reply) this many times within `restart_window` fails at once with
  /// model_error until the oldest of them ages out.
  int max_ledger_failures = 3;
  std::chrono::seconds restart_window{60};
  /// See spawn_spec::die_with_parent.
  bool die_with_parent = true;
  /// When set and true, every wait ends at once and calls answer timeout
  /// (the worker is stopping). Looked at every 100 ms while waiting.
  const std::atomic<bool>* cancel = nullptr;
};

/// A call's failure, with one sentence for the ledger's record. The code
/// is timeout (no reply within the budget; the host may keep working),
/// model_error (the host died, failed to load or could not start) or
/// bad_output (the reply broke the protocol; the host was killed).
struct host_error {
  algo_failure code;
  std::string message;
};

/// One model host child process, started on demand.
class model_host {
public:
  using clock = std::chrono::steady_clock;

  /// `algo`: the resolved folder or .py file (see resolve_algo_path).
  model_host(std::filesystem::path algo, host_options options);
  ~model_host(); ///< ends the host: end of input, then SIGKILL after grace
  model_host(const model_host&) = delete;
  model_host& operator=(const model_host&) = delete;

  /// Sends one request on behalf of `ledger` and waits for its reply, for
  /// at most `budget`. Starts the host first if none is running, and waits
  /// for an outstanding request (a late one, a start's ping) to finish
  /// first, both within the budget.
  std::variant<host_reply, host_error> call(std::string_view ledger,
                                            const request_members& members,
                                            std::chrono::milliseconds budget);

  /// {"op":"ping"}: proves the host is loaded and idle.
  std::variant<host_reply, host_error> ping(std::chrono::milliseconds budget);

  /// {"op":"drop","ledger"}: the host forgets the ledger's model instance.
  /// Does not start a host that is not running (nothing to forget).
  std::optional<host_error> drop(std::string_view ledger,
                                 std::chrono::milliseconds budget);

  /// Upkeep without waiting: reads and drops a late reply that has come,
  /// reaps a host that died, kills one past its hard limit. A lane calls
  /// it between requests so a stuck host is not left running.
  void service();

  /// True while a request is outstanding (late, or a start's ping).
  bool busy() const { return pending_.has_value(); }

  /// For an orderly stop of many hosts at once (host_pool::shutdown):
  /// close_input() lets an idle host exit by itself, exited() reaps it,
  /// kill() ends one that did not; kill() is true when it had to.
  void close_input();
  bool exited();
  bool kill();

  /// The host's process id, or -1 when none is running.
  pid_t pid() const;
  /// How many times a host was started (for tests and metrics).
  int starts() const { return starts_; }
  const std::filesystem::path& algo() const { return algo_; }

private:
  /// The request the host is working on.
  struct pending_request {
    std::int64_t id;
    clock::time_point sent;
    clock::time_point limit; ///< hard limit, or the start's timeout
    std::string ledger;      ///< empty for pings and drops
    bool startup = false;    ///< the first ping of a fresh host
  };

  /// How a wait for the pending request's reply ended.
  struct awaited {
    enum kind_t { reply, failed, waiting, cancelled } kind;
    std::variant<host_reply, host_error> result;
  };

  std::optional<host_error> refuse(std::string_view ledger,
                                   clock::time_point now);
  std::optional<host_error> start(clock::time_point now);
  std::optional<host_error> make_free(clock::time_point deadline);
  std::variant<host_reply, host_error>
  exchange(std::string_view ledger, const request_members& members,
           clock::time_point deadline, std::chrono::milliseconds budget);
  awaited await_pending(clock::time_point until);
  std::variant<host_reply, host_error> check(std::string line);
  std::string busy_message() const;
  host_error died(std::string_view doing);
  host_error end_host(algo_failure code, std::string message);
  void blame(const std::string& ledger);

  std::filesystem::path algo_;
  host_options options_;
  std::optional<host_channel> channel_;
  std::optional<pending_request> pending_;
  std::int64_t next_id_ = 1; ///< 0 is the host's "no id" (load failure)
  event_window recent_starts_;
  std::map<std::string, event_window, std::less<>> ledger_failures_;
  int starts_ = 0;
};

} // namespace ledger::worker
