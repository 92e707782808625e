// Live events as Server-Sent Events: /v1/events (every ledger) and
// /v1/ledgers/{name}/events (one). The answer carries a subscription to
// the hub (api/event_hub.hpp); the session streams it (api/session_stream.cpp).

#include "api/routes.hpp"

#include <charconv>

namespace ledger::api {

namespace {

// The resume point: the Last-Event-ID header (what EventSource sends on a
// reconnect), else ?last_event_id= (a first connect cannot set headers).
// Empty means none. False when it is not a whole number (answered 400).
bool read_last_id(const call_ptr& c, std::optional<std::int64_t>& out) {
  std::string text{c->req.header("last-event-id")};
  if (text.empty())
    text = c->target.param("last_event_id").value_or("");
  if (text.empty())
    return true;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id < 0) {
    c->reply(bad_parameter("Last-Event-ID (or last_event_id) must be an event "
                           "id: a whole number >= 0"));
    return false;
  }
  out = id;
  return true;
}

void stream(const call_ptr& c, const services& s, std::string ledger,
            std::optional<std::int64_t> last_id) {
  if (!s.events) {
    c->reply(error_response(503, "events_unavailable",
                            "this server does not stream events"));
    return;
  }
  auto sub = s.events->subscribe(std::move(ledger), last_id);
  if (!sub) {
    auto r = error_response(503, "too_many_clients",
                            "the server streams events to as many clients as "
                            "it allows (ledgerd --events-max-clients); retry "
                            "later");
    r.headers.emplace_back("Retry-After", "5");
    c->reply(std::move(r));
    return;
  }
  response r;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-cache");
  // Proxies such as nginx would otherwise hold events back in a buffer.
  r.headers.emplace_back("X-Accel-Buffering", "no");
  if (sub->was_reset())
    r.headers.emplace_back("X-Events-Resume", "reset");
  else if (sub->resumed())
    r.headers.emplace_back("X-Events-Resume", "resumed");
  r.stream = std::move(sub);
  c->reply(std::move(r));
}

void all_events(const call_ptr& c, const services& s) {
  std::optional<std::int64_t> last_id;
  if (read_last_id(c, last_id))
    stream(c, s, "", last_id);
}

void ledger_events(const call_ptr& c, const services& s) {
  auto name = path_name(c);
  if (!name)
    return;
  std::optional<std::int64_t> last_id;
  if (!read_last_id(c, last_id))
    return;
  // 404 for a ledger that does not exist; one that is deleted later just
  // has no more events.
  s.engine->get(*name, on_success<ledger_view>(
                         c, [c, s, name = *name, last_id](ledger_view&) {
                           stream(c, s, name, last_id);
                         }));
}

} // namespace

std::vector<route> event_routes() {
  return {
    {"GET", "/v1/events", access::read, all_events},
    {"GET", "/v1/ledgers/{name}/events", access::read, ledger_events},
  };
}

} // namespace ledger::api
