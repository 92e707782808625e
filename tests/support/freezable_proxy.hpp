#pragma once

// A TCP proxy in front of a real server that can stop passing bytes on
// command: the connection stays open and nothing answers, which is how a
// frozen server (SIGSTOP, a hung host) looks to its clients, without
// freezing the server every other test shares. It can also freeze at a
// protocol's chosen moment: when the client's bytes contain a marker (for
// Postgres, the "COMMIT" of a transaction), just before or just after
// passing them on.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ledger::test {

class freezable_proxy {
public:
  /// Listens on 127.0.0.1 (a free port) and forwards to host:port.
  freezable_proxy(std::string host, unsigned short port);
  ~freezable_proxy();
  freezable_proxy(const freezable_proxy&) = delete;
  freezable_proxy& operator=(const freezable_proxy&) = delete;

  unsigned short port() const { return port_; }

  /// Stops passing bytes either way, on every connection, until thaw().
  void freeze() { frozen_ = true; }
  void thaw() { frozen_ = false; }
  bool frozen() const { return frozen_; }

  /// Freezes when client bytes contain `marker`: after passing them on
  /// (the server acts, the client never hears) or before (the server never
  /// sees them). Once; the marker is cleared when it fires.
  void freeze_after(std::string marker);
  void freeze_before(std::string marker);

  /// Connections accepted so far.
  int accepted() const { return accepted_; }

private:
  struct pair;
  void accept_loop();
  void pump(int client, int server);
  /// Whether to pass `bytes` from the client, freezing as asked.
  bool pass_from_client(const std::string& bytes);

  std::string host_;
  unsigned short target_port_;
  unsigned short port_ = 0;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<bool> frozen_{false};
  std::atomic<int> accepted_{0};
  std::mutex mutex_;
  std::string marker_;
  bool marker_after_ = false;
  std::thread acceptor_;
  std::vector<std::thread> pumps_;
};

} // namespace ledger::test
