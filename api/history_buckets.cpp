// GET /v1/ledgers/{name}/history?step=: the value history downsampled on
// the server, one row per bucket of `step` (UTC, aligned to whole
// multiples of the step since the epoch) with the bucket's last point and
// its high and low value, paged by bucket. Without ?step= the route pages
// raw points (api/trade_routes.cpp, `history`).

#include "api/routes.hpp"
#include "api/views.hpp"
#include "core/history_step.hpp"
#include "json/time.hpp"

#include <string>

namespace ledger::api {

namespace {

// The step as the shortest text parse_history_step reads back.
std::string step_text(std::chrono::seconds step) {
  auto s = step.count();
  if (s % 86'400 == 0)
    return std::to_string(s / 86'400) + "d";
  if (s % 3600 == 0)
    return std::to_string(s / 3600) + "h";
  if (s % 60 == 0)
    return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

void write_bucket(json::writer& w, const persistence::value_bucket& b) {
  w.StartObject();
  json::write_time_member(w, "start", b.start);
  // The bucket's last point: the value so far while the bucket is open.
  w.Key("tick");
  w.Int64(b.last_tick);
  json::write_time_member(w, "time", b.last_time);
  w.Key("value");
  json::write_money(w, b.last);
  w.Key("balance");
  json::write_money(w, b.last_balance);
  w.Key("high");
  json::write_money(w, b.high);
  w.Key("low");
  json::write_money(w, b.low);
  w.Key("points");
  w.Int64(b.points);
  w.EndObject();
}

std::string buckets_view(const std::string& name, std::chrono::seconds step,
                         const persistence::bucket_page& page) {
  return to_json([&](json::writer& w) {
    w.StartObject();
    json::write_member(w, "name", name);
    json::write_member(w, "step", step_text(step));
    w.Key("buckets");
    w.StartArray();
    for (auto& b : page.buckets)
      write_bucket(w, b);
    w.EndArray();
    // The cursor names the last bucket read; null when nothing (within
    // `to`) lies after it yet.
    std::optional<timestamp> next;
    if (page.more && !page.buckets.empty())
      next = page.buckets.back().start;
    json::write_time_member(w, "next", next);
    w.EndObject();
  });
}

} // namespace

void history_buckets(const call_ptr& c, const services& s) {
  auto name = path_name(c);
  persistence::bucket_request request;
  if (!name || !read_bound(c, "from", request.from) ||
      !read_bound(c, "to", request.to))
    return;
  auto parsed = parse_history_step(c->target.param("step").value_or(""));
  if (auto why = std::get_if<std::string>(&parsed)) {
    c->reply(bad_parameter(*why));
    return;
  }
  auto step = std::get<std::chrono::seconds>(parsed);
  request.step = step;
  auto limit = page_size(c);
  if (!limit)
    return;
  request.limit = *limit;
  if (auto after = c->target.param("after")) {
    request.after = json::parse_time(*after);
    if (!request.after) {
      c->reply(bad_parameter("after must be the start of a bucket, an ISO "
                             "8601 UTC time like 2026-11-25T09:00:00Z (the "
                             "\"next\" of the previous page)"));
      return;
    }
  }
  // get first: an unknown ledger is a 404, not an empty page.
  auto engine = s.engine;
  engine->get(*name, on_success<ledger_view>(c, [c, engine, n = *name, step,
                                                 request](ledger_view&) {
    engine->history_buckets(
      n, request,
      on_success<persistence::bucket_page>(
        c, [c, n, step](persistence::bucket_page& page) {
          c->reply(json_response(200, buckets_view(n, step, page)));
        }));
  }));
}

} // namespace ledger::api
