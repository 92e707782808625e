#pragma once

// Shared by the worker's tests: where this tree's SDK, test models and
// examples are, host options for tests, a scratch folder, and whether a
// process is gone.

#include "json/exact.hpp"
#include "worker/model_host.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <variant>

namespace ledger::worker::testing {

namespace fs = std::filesystem;

inline fs::path source_dir() {
  return fs::path{LEDGER_SOURCE_DIR};
}

/// The SDK's misbehaving models, sdk/python/tests/models/<name>.
inline fs::path test_models() {
  return fs::canonical(source_dir() / "sdk" / "python" / "tests" / "models");
}

inline fs::path examples() {
  return fs::canonical(source_dir() / "examples" / "algorithms");
}

/// A fake model host for protocol failures the real one never makes.
inline fs::path fake_host() {
  return source_dir() / "tests" / "worker" / "fake_host.py";
}

/// The real host from this tree's SDK, writing no bytecode into the tree.
inline host_options real_host() {
  host_options options;
  options.python_path = source_dir() / "sdk" / "python";
  options.environment = {{"PYTHONDONTWRITEBYTECODE", "1"}};
  options.shutdown_grace = std::chrono::milliseconds{200};
  return options;
}

/// The fake host in `mode` (see fake_host.py).
inline host_options fake(std::string mode) {
  auto options = real_host();
  options.command = {"python3", fake_host().string()};
  options.environment.emplace_back("FAKE_MODE", std::move(mode));
  return options;
}

/// Milliseconds elapsed since `t` (Boost.Test prints numbers, not durations).

/// A fresh folder under the system's temp folder, removed at scope end.
struct scratch_dir {
  fs::path path;
  scratch_dir() {
    std::random_device random;
    path =
      fs::temp_directory_path() / ("worker-test-" + std::to_string(random()) +
                                   "-" + std::to_string(random()));
    fs::create_directories(path);
  }
  ~scratch_dir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
};

/// Whether `pid` is gone: no such process, or a zombie waiting for a
/// reaper that is not us (an orphan's reaper may be slow or absent).
inline bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0)
    return errno == ESRCH;
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string text{std::istreambuf_iterator<char>{stat}, {}};
  auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() &&
         text[close + 2] == 'Z';
}

/// Waits up to `limit` for `pid` to be gone.
inline bool gone_within(pid_t pid, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!process_gone(pid) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  return process_gone(pid);
}

/// The error of a call, or a failed test when it did not fail.
inline host_error error_of(std::variant<host_reply, host_error> result) {
  if (auto* e = std::get_if<host_error>(&result))
    return *e;
  throw std::runtime_error("expected a host error, got the reply " +
                           std::get<host_reply>(result).line);
}

/// The reply of a call, or a failed test when it failed.
inline host_reply reply_of(std::variant<host_reply, host_error> result) {
  if (auto* r = std::get_if<host_reply>(&result))
    return std::move(*r);
  auto& e = std::get<host_error>(result);
  throw std::runtime_error("expected a reply, got " +
                           std::string{to_string(e.code)} + ": " + e.message);
}

/// A tick request for `ledger` with a hand-written book_status.
inline request_members
tick(std::string ledger,
     std::string book_status = R"({"prices":{"AAPL":176.25}})") {
  return [ledger, book_status](json::writer& w) {
    w.Key("op");
    w.String("tick");
    json::write_member(w, "ledger", ledger);
    w.Key("book_status");
    w.RawValue(book_status.data(), book_status.size(), rapidjson::kObjectType);
  };
}

} // namespace ledger::worker::testing
