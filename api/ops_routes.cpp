// Operations: /healthz, /readyz, /metrics (Prometheus text), /openapi.json.

#include "api/openapi.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

#include <array>
#include <map>

namespace ledger::api {

namespace {

void healthz(const call_ptr& c, const services&) {
  c->reply(json_response(200, "{\"status\":\"ok\"}"));
}

void readyz(const call_ptr& c, const services& s) {
  s.engine->ready([c](outcome<readiness> result) {
    readiness r;
    if (auto ready = std::get_if<readiness>(&result))
      r = std::move(*ready);
    else
      r.detail = std::get<failure>(result).message;
    bool ok = r.database && r.broker.value_or(true);
    c->reply(json_response(ok ? 200 : 503, to_json([&](json::writer& w) {
                             w.StartObject();
                             json::write_member(w, "status",
                                                ok ? "ready" : "not_ready");
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
                             w.Key("queued");
                             w.Uint64(r.queued);
                             w.EndObject();
                             w.Key("broker");
                             w.StartObject();
                             json::write_member(w, "status",
                                                !r.broker   ? "not configured"
                                                : *r.broker ? "connected"
                                                            : "unreachable");
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

void metrics(const call_ptr& c, const services& s) {
  // Ledgers by status come from the registry; the rest is counters.
  s.engine->list([c, s](outcome<std::vector<ledger_info>> ledgers) {
    std::string out;
    help_and_type(out, "ledger_ledgers", "gauge", "Ledgers, by status.");
    if (auto all = std::get_if<std::vector<ledger_info>>(&ledgers)) {
      std::array<std::uint64_t, 4> by_status{};
      for (auto& info : *all)
        ++by_status[static_cast<std::size_t>(info.record.status)];
      for (std::size_t i = 0; i < by_status.size(); ++i)
        sample(out,
               "ledger_ledgers{status=\"" +
                 std::string{to_string(static_cast<ledger_status>(i))} + "\"}",
               by_status[i]);
    }
    if (auto figures = s.engine->engine_figures())
      render_engine(out, *figures);
    s.http->render(out);
    response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = std::move(out);
    c->reply(std::move(r));
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
