#include "api/start_http.hpp"

#include "actors/reader.hpp"
#include "api/actor_backend.hpp"

#include <caf/actor_cast.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <stdexcept>

namespace ledger::api {

bool is_truthy(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return t == "1" || t == "true" || t == "yes" || t == "on";
}

http_service::http_service(std::unique_ptr<http_server> server,
                           std::vector<caf::actor> readers)
  : server_(std::move(server)), readers_(std::move(readers)) {}

http_service::~http_service() {
  stop();
}

void http_service::stop() {
  server_->stop();
  for (auto& r : readers_)
    caf::anon_send_exit(r, caf::exit_reason::user_shutdown);
  readers_.clear();
}

std::unique_ptr<http_service> start_http(caf::actor_system& sys,
                                         const http_wiring& wiring,
                                         const http_settings& settings,
                                         std::ostream& log) {
  auto where = parse_listen_address(settings.address);
  if (!where)
    throw std::invalid_argument("the HTTP address must look like "
                                "127.0.0.1:8080");
  router_options options;
  options.keys = key_set::load(settings.api_keys, settings.api_key_file);
  options.read_requires_key = settings.read_requires_key;
  options.events = wiring.events;
  bool no_keys = options.keys.empty();
  engine_handles handles;
  handles.registry = wiring.registry;
  handles.forwarder = wiring.forwarder;
  handles.persistence = wiring.persistence;
  handles.metrics = wiring.metrics;
  handles.timeout = settings.engine_timeout;
  handles.broker = wiring.broker;
  handles.ownership = wiring.ownership;
  std::vector<caf::actor> readers;
  for (std::size_t i = 0; i < std::max<std::size_t>(settings.readers, 1); ++i) {
    handles.readers.push_back(sys.spawn<caf::detached>(
      reader_fn, wiring.database_url, wiring.stall_limit));
    readers.push_back(caf::actor_cast<caf::actor>(handles.readers.back()));
  }
  auto stop_readers = [&] {
    for (auto& r : readers)
      caf::anon_send_exit(r, caf::exit_reason::user_shutdown);
  };
  std::unique_ptr<http_server> server;
  try {
    auto routes = std::make_shared<const router>(
      make_actor_backend(sys, std::move(handles)), std::move(options));
    server_options so;
    so.host = where->first;
    so.port = where->second;
    so.threads = settings.threads;
    so.timeout = settings.io_timeout;
    server = std::make_unique<http_server>(routes, so);
  } catch (...) {
    stop_readers();
    throw;
  }
  if (no_keys)
    log << "ledgerd: warning: no API key is configured, so every mutation "
           "(create, delete, update, start, stop, reported trades) is "
           "refused with 401. Set LEDGER_API_KEYS=key1,key2 or "
           "LEDGER_API_KEY_FILE=/path/to/keys (one key per line), or pass "
           "--api-keys / --api-key-file.\n";
  log << "ledgerd: HTTP on " << where->first << ':' << server->port()
      << (settings.read_requires_key ? " (reads need a key too)" : "")
      << std::endl;
  return std::make_unique<http_service>(std::move(server), std::move(readers));
}

} // namespace ledger::api
