// Operations: /healthz, /readyz, /metrics (Prometheus text), /openapi.json.

#include "api/openapi.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>

namespace ledger::api {

namespace {

void healthz(const call_ptr& c, const services&) {
  c->reply(json_response(200, "{\"status\":\"ok\"}"));
}

// The broker's state in one word.
const char* broker_status(const std::optional<broker_figures>& b) {
  if (!b)
    return "not configured";
  if (!b->connected)
    return "unreachable";
  return b->blocked ? "blocked" : "connected";
}

void readyz(const call_ptr& c, const services& s) {
  s.engine->ready([c](outcome<readiness> result) {
    readiness r;
    if (auto ready = std::get_if<readiness>(&result))
      r = std::move(*ready);
    else
      r.detail = std::get<failure>(result).message;
    bool ok = r.ok();
    c->reply(json_response(
      ok ? 200 : 503, to_json([&](json::writer& w) {
        w.StartObject();
        json::write_member(w, "status", ok ? "ready" : "not_ready");
        w.Key("database");
        w.StartObject();
        w.Key("reachable");
        w.Bool(r.database);
        if (!r.detail.empty())
          json::write_member(w, "detail", r.detail);
        w.EndObject();
        w.Key("persistence");
        w.StartObject();
        w.Key("connected");
        w.Bool(r.persistence_connected);
        w.Key("failing");
        w.Bool(r.persistence_failing);
        w.Key("backlogged");
        w.Bool(r.backlogged);
        w.Key("queued");
        w.Uint64(r.queued);
        w.EndObject();
        w.Key("broker");
        w.StartObject();
        json::write_member(w, "status", broker_status(r.broker));
        w.EndObject();
        w.EndObject();
      })));
  });
}

void help_and_type(std::string& out, const char* name, const char* type,
                   const char* help) {
  out += std::string{"# HELP "} + name + ' ' + help + "\n# TYPE " + name + ' ' +
         type + '\n';
}

void sample(std::string& out, const std::string& name, std::uint64_t value) {
  out += name + ' ' + std::to_string(value) + '\n';
}

// A metric of one sample, named once for its help, type and sample line.
void single(std::string& out, const char* name, const char* type,
            const char* help, std::uint64_t value) {
  help_and_type(out, name, type, help);
  sample(out, name, value);
}

// name{label="value"}, the value escaped as the text format requires.
std::string labelled(const char* name, const char* label,
                     std::string_view value) {
  std::string out = std::string{name} + '{' + label + "=\"";
  for (char ch : value) {
    if (ch == '\\' || ch == '"')
      out += '\\';
    out += ch;
  }
  return out + "\"}";
}

// One sample per value of an enum: name{label="<the value's name>"}.
template <class Enum, class Count, std::size_t N>
void by_enum(std::string& out, const char* name, const char* label,
             const std::array<Count, N>& counts) {
  for (std::size_t i = 0; i < N; ++i)
    sample(out, labelled(name, label, to_string(static_cast<Enum>(i))),
           static_cast<std::uint64_t>(counts[i]));
}

// Seconds from microseconds, exactly: "0.25".
std::string seconds(std::int64_t us) {
  return format_micros(us);
}

// A Prometheus histogram in seconds from the engine's buckets (not
// cumulative, the last above every bound) and their sum in microseconds.
template <std::size_t N>
void histogram(std::string& out, const char* name, const char* help,
               const std::array<std::chrono::microseconds, N>& bounds,
               const std::array<std::uint64_t, N + 1>& buckets,
               std::uint64_t sum_us) {
  help_and_type(out, name, "histogram", help);
  std::string base{name};
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < N; ++i) {
    cumulative += buckets[i];
    sample(out, base + "_bucket{le=\"" + seconds(bounds[i].count()) + "\"}",
           cumulative);
  }
  cumulative += buckets.back();
  sample(out, base + "_bucket{le=\"+Inf\"}", cumulative);
  out += base + "_sum " + seconds(static_cast<std::int64_t>(sum_us)) + '\n';
  sample(out, base + "_count", cumulative);
}

void render_engine(std::string& out, const metrics_snapshot& m) {
  help_and_type(out, "ledger_ticks_total", "counter",
                "Ticks recorded, by outcome.");
  by_enum<tick_outcome>(out, "ledger_ticks_total", "outcome", m.ticks);
  histogram(out, "ledger_tick_latency_seconds",
            "From a tick's start to its record.", latency_bounds,
            m.latency_buckets, m.latency_sum_us);
  histogram(out, "ledger_tick_commit_latency_seconds",
            "From a tick's timer to its facts committed in Postgres.",
            latency_bounds, m.commit_buckets, m.commit_sum_us);
  help_and_type(out, "ledger_tick_commit_latency_max_seconds", "gauge",
                "The slowest tick from timer to commit since the start.");
  out += "ledger_tick_commit_latency_max_seconds " +
         seconds(static_cast<std::int64_t>(m.commit_max_us)) + '\n';
  single(out, "ledger_trades_total", "counter", "Trades filled.", m.trades);
  help_and_type(out, "ledger_rejections_total", "counter",
                "Trades rejected, by code.");
  by_enum<reject_code>(out, "ledger_rejections_total", "code", m.rejections);
}

void render_broker(std::string& out, const broker_figures& b) {
  single(out, "ledger_broker_connected", "gauge",
         "1 while the engine's broker link is connected.", b.connected ? 1 : 0);
  single(out, "ledger_broker_blocked", "gauge",
         "1 while the broker blocks publishing (an alarm).", b.blocked ? 1 : 0);
  single(out, "ledger_broker_published_total", "counter",
         "Messages published to the broker.", b.published);
  single(out, "ledger_broker_unconfirmed", "gauge",
         "Confirmed publishes in flight.", b.unconfirmed);
  single(out, "ledger_broker_queued", "gauge",
         "Messages waiting in the link's outbox.", b.queued);
  single(out, "ledger_requests_in_flight", "gauge",
         "Trade requests awaiting a worker's reply.", b.requests_in_flight);
  single(out, "ledger_requests_in_flight_limit", "gauge",
         "How many may (learned from timeouts; past it ticks are skipped).",
         b.in_flight_limit);
  help_and_type(out, "ledger_broker_shed_total", "counter",
                "Messages shed under overload or without a broker, by kind.");
  sample(out, "ledger_broker_shed_total{kind=\"request\"}", b.shed_requests);
  sample(out, "ledger_broker_shed_total{kind=\"event\"}", b.shed_events);
  single(out, "ledger_broker_expired_total", "counter",
         "Trade requests dropped unsent, past their deadline.", b.expired);
  single(out, "ledger_broker_nacked_total", "counter",
         "Publishes the broker refused.", b.nacked);
  single(out, "ledger_broker_lost_unconfirmed_total", "counter",
         "Confirmed publishes in flight when a connection died.",
         b.lost_unconfirmed);
}

// The live-events hub (api/event_hub.hpp): its clients and what it shed.
void render_events(std::string& out, const event_hub_figures& e) {
  single(out, "ledger_sse_clients", "gauge",
         "Clients of the live event streams.", e.clients);
  single(out, "ledger_sse_recording", "gauge",
         "1 while events are recorded (clients now or within the retention "
         "window).",
         e.recording ? 1 : 0);
  single(out, "ledger_sse_retained", "gauge",
         "Events kept for resuming with Last-Event-ID.", e.retained);
  single(out, "ledger_sse_events_total", "counter",
         "Events recorded for the streams.", e.events);
  single(out, "ledger_sse_dropped_clients_total", "counter",
         "Clients disconnected for falling more than their backlog behind.",
         e.dropped);
  single(out, "ledger_sse_refused_total", "counter",
         "Clients refused (503) at the cap.", e.refused);
  single(out, "ledger_sse_resets_total", "counter",
         "Resumes answered with a reset (the events after the id were gone).",
         e.resets);
}

// Ledgers by status: from the engine's counters when it keeps them (one
// atomic read per status: a scrape costs the same with a million ledgers),
// else from the list of ledgers.
void render_ledgers(std::string& out,
                    const std::array<std::int64_t, ledger_status_count>& n) {
  help_and_type(out, "ledger_ledgers", "gauge", "Ledgers, by status.");
  // The engine's counters are signed; the gauge shows none below zero.
  std::array<std::uint64_t, ledger_status_count> shown{};
  for (std::size_t i = 0; i < n.size(); ++i)
    shown[i] = static_cast<std::uint64_t>(std::max<std::int64_t>(n[i], 0));
  by_enum<ledger_status>(out, "ledger_ledgers", "status", shown);
}

// This node among those sharing its database (docs/scale-out.md). The
// node's name is a label, so the series of several nodes can be summed.
void render_node(std::string& out, const node_figures& n) {
  help_and_type(out, "ledger_engine_shards_held", "gauge",
                "Engine shards whose lease this node holds.");
  sample(out, labelled("ledger_engine_shards_held", "node", n.node),
         n.shards_held);
  help_and_type(out, "ledger_engine_shards_served", "gauge",
                "Engine shards whose forwarded commands this node consumes.");
  sample(out, labelled("ledger_engine_shards_served", "node", n.node),
         n.shards_served);
  single(out, "ledger_engine_shards", "gauge",
         "Engine shards the ledgers hash to.",
         static_cast<std::uint64_t>(n.shards));
  single(out, "ledger_engine_nodes_live", "gauge",
         "ledgerd nodes holding a lease on this database, as last read.",
         n.nodes_live);
}

void render_metrics(const call_ptr& c, const services& s, std::string out) {
  if (auto node = s.engine->node())
    render_node(out, *node);
  if (auto figures = s.engine->engine_figures())
    render_engine(out, *figures);
  if (auto broker = s.engine->broker())
    render_broker(out, *broker);
  if (s.events)
    render_events(out, s.events->figures());
  s.http->render(out);
  response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::move(out);
  c->reply(std::move(r));
}

void metrics(const call_ptr& c, const services& s) {
  if (auto figures = s.engine->engine_figures()) {
    std::string out;
    render_ledgers(out, figures->ledgers);
    render_metrics(c, s, std::move(out));
    return;
  }
  s.engine->list([c, s](outcome<std::vector<ledger_view>> ledgers) {
    std::array<std::int64_t, ledger_status_count> by_status{};
    if (auto all = std::get_if<std::vector<ledger_view>>(&ledgers))
      for (auto& info : *all)
        ++by_status[static_cast<std::size_t>(info.record.status)];
    std::string out;
    render_ledgers(out, by_status);
    render_metrics(c, s, std::move(out));
  });
}

void openapi(const call_ptr& c, const services&) {
  c->reply(json_response(200, std::string{openapi_document()}));
}

} // namespace

std::vector<route> ops_routes() {
  return {
    {"GET", "/healthz", access::open, healthz},
    {"GET", "/readyz", access::open, readyz},
    {"GET", "/metrics", access::open, metrics},
    {"GET", "/openapi.json", access::open, openapi},
  };
}

} // namespace ledger::api
