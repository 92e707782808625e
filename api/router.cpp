#include "api/router.hpp"

#include "api/routes.hpp"

#include <atomic>
#include <iostream>

namespace ledger::api {

namespace {

// Splits "/a/b/" into {"a", "b"}; empty segments are dropped except that
// "/" is no segment at all.
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
bool matches(std::string_view pattern,
             const std::vector<std::string_view>& path,
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

router::router(std::shared_ptr<backend> engine, router_options options)
  : engine_(std::move(engine)), http_(std::make_shared<http_metrics>()),
    options_(std::move(options)) {
  for (auto family : {old_routes, ledger_routes, trade_routes, ops_routes})
    for (auto& r : family())
      routes_.push_back(r);
}

router::~router() = default;

void router::handle(request req, responder reply) const {
  auto method = method_label(req.method);
  std::string label = "unmatched";
  // Counts the answer once it is known, whichever thread gives it.
  auto answer = [http = http_, method, &label, reply](response r) {
    http->count(method, label, r.status);
    reply(std::move(r));
  };
  auto parts = parse_target(req.target);
  if (!parts) {
    answer(error_response(400, "bad_request", "malformed request target"));
    return;
  }
  auto path = segments(parts->path);
  const route* found = nullptr;
  std::string allowed;
  std::vector<std::string> captures;
  for (auto& r : routes_) {
    std::vector<std::string> these;
    if (!matches(r.pattern, path, these))
      continue;
    if (req.method == r.method) {
      found = &r;
      captures = std::move(these);
      break;
    }
    allowed += allowed.empty() ? "" : ", ";
    allowed += r.method;
  }
  if (found == nullptr) {
    if (allowed.empty()) {
      answer(error_response(404, "unknown_route",
                            "no route for " + parts->path.substr(0, 128)));
      return;
    }
    auto r = error_response(405, "method_not_allowed",
                            req.method.substr(0, 16) + " is not allowed here");
    r.headers.emplace_back("Allow", allowed);
    answer(std::move(r));
    return;
  }
  label = found->pattern;
  bool needs_key = found->who == access::mutation ||
                   (found->who == access::read && options_.read_requires_key);
  if (needs_key && !options_.keys.accepts(req.header(api_key_header))) {
    auto message = options_.keys.empty()
                     ? "no API key is configured on this server"
                     : "a valid X-API-Key header is required";
    answer(error_response(401, "unauthorized", message));
    return;
  }
  auto c = std::make_shared<call>();
  c->req = std::move(req);
  c->target = std::move(*parts);
  c->params = std::move(captures);
  // The handler's answer may come later, from another thread: it holds its
  // own copies, and a second answer (a bug) is dropped, not sent.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  c->reply = [http = http_, method, label, reply, answered](response r) {
    if (answered->exchange(true))
      return;
    http->count(method, label, r.status);
    reply(std::move(r));
  };
  try {
    found->fn(c, services{engine_, http_});
  } catch (const std::exception& e) {
    std::cerr << "api: " << label << " failed: " << e.what() << '\n';
    c->reply(error_response(500, "internal", "internal error"));
  }
}

} // namespace ledger::api
