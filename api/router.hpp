#pragma once

// The REST adapter's pure part: request in, response out (now or later),
// with no socket in sight. Sessions (api/session.cpp) feed it; tests call
// it directly with a fake backend.

#include "api/auth.hpp"
#include "api/backend.hpp"
#include "api/http.hpp"
#include "api/http_metrics.hpp"

#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace ledger::api {

struct route;
class event_hub;
class view_cache;
class view_flights;

/// How the router guards its routes.
struct router_options {
  key_set keys;                   ///< empty: every mutation is refused
  bool read_requires_key = false; ///< reads need a key too
  /// The most bytes of rendered views kept (api/view_cache.hpp).
  std::size_t view_cache_bytes = std::size_t{256} << 20;
  /// Live events (/v1/events); null: those routes answer 503.
  std::shared_ptr<event_hub> events;
};

class router {
public:
  router(std::shared_ptr<backend> engine, router_options options);
  ~router();

  /// Decides on a request's head alone, before its body is read: the
  /// answer when it is refused (400 malformed target, 404 no route, 405
  /// wrong method, 401 a mutation without a valid key), nullopt when the
  /// body may be read and the request handled. The refusal is counted in
  /// the metrics like any answer.
  std::optional<response> admit(const request& head) const;

  /// Routes one request. `reply` is called exactly once: before handle
  /// returns for answers that need no engine, later (from another thread)
  /// otherwise. Never throws; a failing route answers 500. HEAD is served
  /// by the GET route of the same path (the session drops the body).
  void handle(request req, responder reply) const;

  /// Requests served, for /metrics.
  const std::shared_ptr<http_metrics>& http() const { return http_; }

private:
  struct match;
  /// The route of a request, or the response refusing it.
  std::variant<match, response> find(const request& req) const;

  std::shared_ptr<backend> engine_;
  std::shared_ptr<http_metrics> http_;
  std::shared_ptr<view_cache> views_;
  std::shared_ptr<view_flights> flights_;
  router_options options_;
  std::vector<route> routes_;
};

} // namespace ledger::api
