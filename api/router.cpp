#include "api/router.hpp"

#include "api/conditional.hpp"
#include "api/routes.hpp"

#include <atomic>
#include <iostream>

namespace ledger::api {

namespace {

// Splits a pattern "/a/{b}" into {"a", "{b}"}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path[0] == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path =
      slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

// True when `path` fits `pattern`; fills the {captures}.
bool matches(std::string_view pattern, const std::vector<std::string>& path,
             std::vector<std::string>& captures) {
  auto parts = segments(pattern);
  if (parts.size() != path.size())
    return false;
  captures.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() > 1 && parts[i].front() == '{')
      captures.emplace_back(path[i]);
    else if (parts[i] != path[i])
      return false;
  }
  return true;
}

// The method as a metrics label: ours, or "other" (client text never
// becomes a label).
std::string method_label(std::string_view method) {
  for (auto known :
       {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    if (method == known)
      return known;
  return "other";
}

} // namespace

call::~call() {
  if (reply)
    reply(error_response(500, "internal", "the request was dropped"));
}

/// A request's route: the route, its captures and the parsed target.
struct router::match {
  const route* found = nullptr;
  std::vector<std::string> captures;
  target_parts parts;
};

router::router(std::shared_ptr<backend> engine, router_options options)
  : engine_(std::move(engine)), http_(std::make_shared<http_metrics>()),
    views_(std::make_shared<view_cache>(options.view_cache_bytes)),
    flights_(std::make_shared<view_flights>()), options_(std::move(options)) {
  for (auto family : {old_routes, ledger_routes, trade_routes, ops_routes,
                      event_routes, stats_routes, web_routes})
    for (auto& r : family())
      routes_.push_back(r);
}

router::~router() = default;

std::variant<router::match, response> router::find(const request& req) const {
  auto parts = parse_target(req.target);
  if (!parts)
    return error_response(400, "bad_request", "malformed request target");
  auto& path = parts->segments;
  // HEAD asks what GET would answer, without the body.
  std::string_view method = req.method;
  if (method == "HEAD")
    method = "GET";
  std::string allowed;
  for (auto& r : routes_) {
    std::vector<std::string> these;
    if (!matches(r.pattern, path, these))
      continue;
    if (method == r.method) {
      bool needs_key = r.who == access::mutation ||
                       (r.who == access::read && options_.read_requires_key);
      if (needs_key && !options_.keys.accepts(req.header(api_key_header)))
        return error_response(401, "unauthorized",
                              options_.keys.empty()
                                ? "no API key is configured on this server"
                                : "a valid X-API-Key header is required");
      return match{&r, std::move(these), std::move(*parts)};
    }
    allowed += allowed.empty() ? "" : ", ";
    allowed += r.method;
  }
  if (allowed.empty())
    return error_response(404, "unknown_route",
                          "no route for " + parts->path.substr(0, 128));
  auto r = error_response(405, "method_not_allowed",
                          req.method.substr(0, 16) + " is not allowed here");
  r.headers.emplace_back("Allow", allowed);
  return r;
}

std::optional<response> router::admit(const request& head) const {
  auto found = find(head);
  auto refused = std::get_if<response>(&found);
  if (!refused)
    return std::nullopt;
  http_->count(method_label(head.method), "unmatched", refused->status);
  return std::move(*refused);
}

void router::handle(request req, responder reply) const {
  auto method = method_label(req.method);
  auto found = find(req);
  if (auto refused = std::get_if<response>(&found)) {
    http_->count(method, "unmatched", refused->status);
    reply(std::move(*refused));
    return;
  }
  auto& m = std::get<match>(found);
  std::string label = m.found->pattern;
  auto c = std::make_shared<call>();
  c->req = std::move(req);
  c->target = std::move(m.parts);
  c->params = std::move(m.captures);
  // The handler's answer may come later, from another thread: it holds its
  // own copies, and a second answer (a bug) is dropped, not sent.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  // What finish_get reads of the request, kept apart from the call.
  request head;
  head.method = c->req.method;
  for (auto name : {"if-none-match", "accept-encoding"})
    if (auto value = c->req.header(name); !value.empty())
      head.headers.emplace(name, std::string{value});
  c->reply = [http = http_, method, label, reply, answered,
              head = std::move(head)](response r) {
    if (answered->exchange(true))
      return;
    try {
      finish_get(head, r);
    } catch (const std::exception& e) {
      // Out of memory while compressing: the answer goes as it is.
      std::cerr << "api: " << label << ": " << e.what() << '\n';
    }
    http->count(method, label, r.status);
    reply(std::move(r));
  };
  try {
    m.found->fn(c, services{engine_, http_, views_, flights_, options_.events});
  } catch (const std::exception& e) {
    std::cerr << "api: " << label << " failed: " << e.what() << '\n';
    c->reply(error_response(500, "internal", "internal error"));
  }
}

} // namespace ledger::api
