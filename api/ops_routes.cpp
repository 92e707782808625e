// Operations: /healthz, /readyz, /metrics (Prometheus text), /openapi.json.

#include "api/openapi.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <algorithm>
#include <array>
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

// Seconds from microseconds, exactly: "0.25".
std::string seconds(std::int64_t us) {
  return format_micros(us);
}

void render_engine(std::string& out, const metrics_snapshot& m) {
  help_and_type(out, "ledger_ticks_total", "counter",
                "Ticks recorded, by outcome.");
  for (std::size_t i = 0; i < m.ticks.size(); ++i)
    sample(out,
           "ledger_ticks_total{outcome=\"" +
             std::string{to_string(static_cast<tick_outcome>(i))} + "\"}",
           m.ticks[i]);
  help_and_type(out, "ledger_tick_latency_seconds", "histogram",
                "From a tick's start to its record.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < latency_bounds.size(); ++i) {
    cumulative += m.latency_buckets[i];
    sample(out,
           "ledger_tick_latency_seconds_bucket{le=\"" +
             seconds(latency_bounds[i].count()) + "\"}",
           cumulative);
  }
  cumulative += m.latency_buckets.back();
  sample(out, "ledger_tick_latency_seconds_bucket{le=\"+Inf\"}", cumulative);
  out += "ledger_tick_latency_seconds_sum " +
         seconds(static_cast<std::int64_t>(m.latency_sum_us)) + '\n';
  sample(out, "ledger_tick_latency_seconds_count", cumulative);
  help_and_type(out, "ledger_tick_commit_latency_seconds", "histogram",
                "From a tick's timer to its facts committed in Postgres.");
  cumulative = 0;
  for (std::size_t i = 0; i < commit_bounds.size(); ++i) {
    cumulative += m.commit_buckets[i];
    sample(out,
           "ledger_tick_commit_latency_seconds_bucket{le=\"" +
             seconds(commit_bounds[i].count()) + "\"}",
           cumulative);
  }
  cumulative += m.commit_buckets.back();
  sample(out, "ledger_tick_commit_latency_seconds_bucket{le=\"+Inf\"}",
         cumulative);
  out += "ledger_tick_commit_latency_seconds_sum " +
         seconds(static_cast<std::int64_t>(m.commit_sum_us)) + '\n';
  sample(out, "ledger_tick_commit_latency_seconds_count", cumulative);
  help_and_type(out, "ledger_tick_commit_latency_max_seconds", "gauge",
                "The slowest tick from timer to commit since the start.");
  out += "ledger_tick_commit_latency_max_seconds " +
         seconds(static_cast<std::int64_t>(m.commit_max_us)) + '\n';
  help_and_type(out, "ledger_trades_total", "counter", "Trades filled.");
  sample(out, "ledger_trades_total", m.trades);
  help_and_type(out, "ledger_rejections_total", "counter",
                "Trades rejected, by code.");
  for (std::size_t i = 0; i < m.rejections.size(); ++i)
    sample(out,
           "ledger_rejections_total{code=\"" +
             std::string{to_string(static_cast<reject_code>(i))} + "\"}",
           m.rejections[i]);
}

void render_broker(std::string& out, const broker_figures& b) {
  help_and_type(out, "ledger_broker_connected", "gauge",
                "1 while the engine's broker link is connected.");
  sample(out, "ledger_broker_connected", b.connected ? 1 : 0);
  help_and_type(out, "ledger_broker_blocked", "gauge",
                "1 while the broker blocks publishing (an alarm).");
  sample(out, "ledger_broker_blocked", b.blocked ? 1 : 0);
  help_and_type(out, "ledger_broker_published_total", "counter",
                "Messages published to the broker.");
  sample(out, "ledger_broker_published_total", b.published);
  help_and_type(out, "ledger_broker_unconfirmed", "gauge",
                "Confirmed publishes in flight.");
  sample(out, "ledger_broker_unconfirmed", b.unconfirmed);
  help_and_type(out, "ledger_broker_queued", "gauge",
                "Messages waiting in the link's outbox.");
  sample(out, "ledger_broker_queued", b.queued);
  help_and_type(out, "ledger_requests_in_flight", "gauge",
                "Trade requests awaiting a worker's reply.");
  sample(out, "ledger_requests_in_flight", b.requests_in_flight);
  help_and_type(out, "ledger_requests_in_flight_limit", "gauge",
                "How many may (learned from timeouts; past it ticks are "
                "skipped).");
  sample(out, "ledger_requests_in_flight_limit", b.in_flight_limit);
  help_and_type(out, "ledger_broker_shed_total", "counter",
                "Messages shed under overload or without a broker, by kind.");
  sample(out, "ledger_broker_shed_total{kind=\"request\"}", b.shed_requests);
  sample(out, "ledger_broker_shed_total{kind=\"event\"}", b.shed_events);
  help_and_type(out, "ledger_broker_expired_total", "counter",
                "Trade requests dropped unsent, past their deadline.");
  sample(out, "ledger_broker_expired_total", b.expired);
  help_and_type(out, "ledger_broker_nacked_total", "counter",
                "Publishes the broker refused.");
  sample(out, "ledger_broker_nacked_total", b.nacked);
  help_and_type(out, "ledger_broker_lost_unconfirmed_total", "counter",
                "Confirmed publishes in flight when a connection died.");
  sample(out, "ledger_broker_lost_unconfirmed_total", b.lost_unconfirmed);
}

// Ledgers by status: from the engine's counters when it keeps them (one
// atomic read per status: a scrape costs the same with a million ledgers),
// else from the list of ledgers.
void render_ledgers(std::string& out,
                    const std::array<std::int64_t, ledger_status_count>& n) {
  help_and_type(out, "ledger_ledgers", "gauge", "Ledgers, by status.");
  for (std::size_t i = 0; i < n.size(); ++i)
    sample(out,
           "ledger_ledgers{status=\"" +
             std::string{to_string(static_cast<ledger_status>(i))} + "\"}",
           static_cast<std::uint64_t>(std::max<std::int64_t>(n[i], 0)));
}

void render_metrics(const call_ptr& c, const services& s, std::string out) {
  if (auto figures = s.engine->engine_figures())
    render_engine(out, *figures);
  if (auto broker = s.engine->broker())
    render_broker(out, *broker);
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
