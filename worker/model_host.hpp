#pragma once

// Supervision of one model host: the Python SDK's `ledger_model.host`
// serving one algorithm to many ledgers over JSON lines (protocol:
// docs/model-host.md). The host is started on the first call and restarted
// on the call after it died, was killed on a deadline or broke the
// protocol; a host that keeps dying is not restarted for a while.
//
// Not thread-safe: one model_host belongs to one thread. The caller must
// ignore SIGPIPE (see worker/child_process.hpp).

#include "worker/child_process.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "json/document.hpp"
#include "json/exact.hpp"

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
  /// More variables for the child's environment.
  std::vector<std::pair<std::string, std::string>> environment;
  /// RLIMIT_AS of the host in bytes (0: none). Python meets it with a
  /// MemoryError, which the host reports as model_error.
  std::uint64_t memory_limit = std::uint64_t{1} << 30;
  /// A reply line longer than this is bad_output and the host is killed.
  std::size_t max_reply_bytes = std::size_t{1} << 20;
  /// How long a fresh host may take to load its algorithm and answer the
  /// first ping. A start counts against the call's budget but may overrun
  /// it: see model_host::call.
  std::chrono::milliseconds startup_timeout{10'000};
  /// How long a host that should exit (end of input in the destructor, end
  /// of its output, a load failure) is waited for before SIGKILL.
  std::chrono::milliseconds shutdown_grace{500};
  /// At most this many starts within `restart_window`; beyond that calls
  /// fail at once with model_error until the oldest start ages out.
  int max_starts = 5;
  std::chrono::seconds restart_window{60};
  /// See spawn_spec::die_with_parent.
  bool die_with_parent = true;
};

/// Why a call got no usable reply.
enum class host_error_code {
  timeout,     ///< no reply within the budget; the host was killed
  model_error, ///< the host died, failed to load or could not start
  bad_output,  ///< the reply broke the protocol; the host was killed
};

/// "timeout", "model_error", "bad_output": the algo_reply error codes.
std::string_view to_string(host_error_code code);

/// A call's failure, with one sentence for the ledger's record.
struct host_error {
  host_error_code code;
  std::string message;
};

/// A reply line, parsed strictly (json::document: exact numbers, known
/// types); its `v` and `id` are already checked.
struct host_reply {
  std::string line;
  json::document doc;
  bool ok = false; ///< the reply's "ok"
};

/// The reply's "message" member when it is readable text.
std::optional<std::string> message_of(const host_reply& reply);

/// Writes a request's members other than "v" and "id", which the host
/// adds: `w.Key("op"); w.String("ping");`.
using request_members = std::function<void(json::writer&)>;

/// One model host child process, started on demand.
class model_host {
public:
  /// `algo`: the resolved folder or .py file (see resolve_algo_path).
  model_host(std::filesystem::path algo, host_options options);
  ~model_host(); ///< ends the host: end of input, then SIGKILL after grace
  model_host(const model_host&) = delete;
  model_host& operator=(const model_host&) = delete;

  /// Sends one request and waits for its reply until `budget` from now.
  /// Starts the host first if it is not running; a fresh host must answer
  /// a ping within startup_timeout (a load failure is reported here), and
  /// if that used up the budget the call returns timeout but keeps the
  /// healthy host for the next call. On a missed budget the host is
  /// killed (timeout); on end of output it is reaped (model_error); on an
  /// oversized, unparsable or mismatched reply it is killed (bad_output).
  std::variant<host_reply, host_error> call(const request_members& members,
                                            std::chrono::milliseconds budget);

  /// {"op":"ping"}: proves the host is loaded and idle.
  std::variant<host_reply, host_error> ping(std::chrono::milliseconds budget);

  /// {"op":"drop","ledger"}: the host forgets the ledger's model instance.
  /// Does not start a host that is not running (nothing to forget).
  std::optional<host_error> drop(std::string_view ledger,
                                 std::chrono::milliseconds budget);

  /// The host's process id, or -1 when none is running.
  pid_t pid() const;
  /// How many times a host was started (for tests and metrics).
  int starts() const { return starts_; }
  const std::filesystem::path& algo() const { return algo_; }

private:
  using clock = std::chrono::steady_clock;

  std::optional<host_error> ensure_started();
  std::variant<host_reply, host_error> exchange(const request_members& members,
                                                clock::time_point deadline,
                                                bool starting);
  std::variant<host_reply, host_error> check_reply(std::string line,
                                                   std::int64_t id);
  host_error died(std::string_view doing);
  host_error kill(host_error_code code, std::string message);

  std::filesystem::path algo_;
  host_options options_;
  std::optional<child_process> child_;
  std::string buffer_;       ///< bytes read past the last reply line
  std::int64_t next_id_ = 1; ///< 0 is the host's "no id" (load failure)
  std::deque<clock::time_point> recent_starts_;
  int starts_ = 0;
};

} // namespace ledger::worker
