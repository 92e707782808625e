#pragma once

// Internal to the router: the route table's shape and the route families
// (old_routes.cpp, ledger_routes.cpp, trade_routes.cpp, ops_routes.cpp).

#include "api/backend.hpp"
#include "api/event_hub.hpp"
#include "api/http.hpp"
#include "api/http_metrics.hpp"
#include "api/view_cache.hpp"
#include "api/view_flights.hpp"
#include "json/document.hpp"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace ledger::api {

/// One request on its way through a route: what the handler reads, and
/// where its answer goes. Shared by the handler's asynchronous steps.
struct call {
  request req;
  target_parts target;
  std::vector<std::string> params; ///< the pattern's {captures}, in order
  responder reply;                 ///< answers once; later calls are dropped

  /// A call dropped unanswered (a step failed or its actor died) still
  /// answers: 500, so no client waits forever.
  ~call();
};

using call_ptr = std::shared_ptr<call>;

/// What handlers may use.
struct services {
  std::shared_ptr<backend> engine;
  std::shared_ptr<http_metrics> http;
  std::shared_ptr<view_cache> views;     ///< rendered view_ledger bodies
  std::shared_ptr<view_flights> flights; ///< renders of views in progress
  std::shared_ptr<event_hub> events;     ///< live events; may be null
};

/// Who may call a route.
enum class access {
  open,     ///< always (probes, metrics, the API description)
  read,     ///< unless reads require a key
  mutation, ///< only with a valid key
};

using handler = void (*)(const call_ptr& c, const services& s);

/// A method, a path pattern whose {name} segments capture, and a handler.
struct route {
  const char* method;
  const char* pattern;
  access who;
  handler fn;
};

std::vector<route> old_routes();
std::vector<route> ledger_routes();
std::vector<route> trade_routes();
std::vector<route> ops_routes();
std::vector<route> stats_routes();
std::vector<route> event_routes();
std::vector<route> web_routes();

// -- helpers shared by the families ----------------------------------------

/// Parses the body strictly (json::document: exact numbers, JSON types
/// kept, valid UTF-8, no NUL, no duplicate key); a 400 response when it is
/// not such JSON or neither an object nor an array.
std::variant<json::document, response> json_body(const request& req);

/// 400 bad_parameter with `message`.
response bad_parameter(std::string_view message);

/// A ledger name from a parameter, or a 400 response saying what is wrong.
std::variant<std::string, response>
ledger_name(const std::optional<std::string>& value, std::string_view what);

/// The {name} of the path when valid; else answers 400 and gives nullopt.
std::optional<std::string> path_name(const call_ptr& c);

/// ?limit= (default 100, 1 to 1000); else answers 400 and gives nullopt.
std::optional<std::size_t> page_size(const call_ptr& c);

/// ?<param>= as an ISO 8601 UTC time into `out` (left alone when absent);
/// false after answering 400 when malformed.
bool read_bound(const call_ptr& c, const char* param,
                std::optional<timestamp>& out);

/// ?after= as a whole number >= 0 (default 0), the cursor of paged reads;
/// else answers 400 naming `what` and gives nullopt.
std::optional<std::int64_t> page_cursor(const call_ptr& c,
                                        std::string_view what);

/// GET /v1/ledgers/{name}/history with ?step=: a page of value buckets
/// (api/history_buckets.cpp).
void history_buckets(const call_ptr& c, const services& s);

/// view_ledger's answer for ledger `name`: from the view cache while the
/// ledger is unchanged, else rendered from a snapshot and stored
/// (api/view_route.cpp).
void serve_view(const call_ptr& c, const services& s, std::string name);

/// Answers a failure of the engine (see failure_response).
void reply_failure(const call_ptr& c, const failure& f);

/// Runs `on_value` with the value of an outcome, or answers the failure.
template <class T, class OnValue>
auto on_success(const call_ptr& c, OnValue on_value) {
  return [c, on_value](outcome<T> result) mutable {
    if (auto f = std::get_if<failure>(&result))
      reply_failure(c, *f);
    else
      on_value(std::get<T>(result));
  };
}

} // namespace ledger::api
