// view_ledger through the view cache (api/view_cache.hpp). Every view asks
// the ledger's actor for its record (in memory, no database); while the
// ledger's (incarnation, revision) is the one a stored body was rendered
// for, that body is the answer. Otherwise the snapshot is read -- after
// only this ledger's queued facts are committed, so a client sees the
// trades it reported -- rendered once and stored.

#include "api/gzip.hpp"
#include "api/routes.hpp"
#include "api/view_flights.hpp"
#include "api/views.hpp"

namespace ledger::api {

namespace {

// The answer for a rendered view. The gzip encoding is made here, once per
// version, when a client first asks for it; finish_get (api/conditional.hpp)
// then picks the encoding and answers 304 when the client holds the tag.
response view_response(const call_ptr& c, view_cache& cache,
                       const std::string& name, view_key key,
                       rendered_view view) {
  if (!view.gzipped && view.body->size() >= gzip_threshold &&
      accepts_gzip(c->req.header("accept-encoding"))) {
    view.gzipped = std::make_shared<const std::string>(gzip(*view.body));
    if (!view.etag.empty()) // an uncached view has no tag of its own
      cache.add_gzipped(name, key, view.gzipped);
  }
  response r;
  r.shared_body = std::move(view.body);
  r.gzipped = std::move(view.gzipped);
  r.etag = std::move(view.etag);
  return r;
}

} // namespace

void serve_view(const call_ptr& c, const services& s, std::string name) {
  auto engine = s.engine;
  auto cache = s.views;
  auto flights = s.flights;
  engine->get(
    name, [c, engine, cache, flights, name](outcome<ledger_view> got) {
      if (auto f = std::get_if<failure>(&got)) {
        if (f->code == "unknown_ledger")
          cache->erase(name); // deleted elsewhere (ledgerctl, another route)
        reply_failure(c, *f);
        return;
      }
      auto& info = std::get<ledger_view>(got);
      view_key key{info.incarnation, info.revision};
      if (auto hit = cache->find(name, key)) {
        c->reply(view_response(c, *cache, name, key, std::move(*hit)));
        return;
      }
      // Another request renders this version already: wait for its result.
      auto joined =
        flights->join(name, key, [c, cache, name, key](const flight_result& r) {
          if (auto f = std::get_if<failure>(&r))
            reply_failure(c, *f);
          else
            c->reply(
              view_response(c, *cache, name, key, std::get<rendered_view>(r)));
        });
      if (!joined)
        return;
      engine->snapshot(std::move(info), [c, cache, flights, name,
                                         key](outcome<ledger_snapshot> snap) {
        if (auto f = std::get_if<failure>(&snap)) {
          flights->land(name, key, *f);
          reply_failure(c, *f);
          return;
        }
        auto& got = std::get<ledger_snapshot>(snap);
        rendered_view view;
        try {
          auto body = seed_view(got);
          // Facts may be missing when the writer was away: such a view is
          // shown (to the waiters too), never remembered.
          view = got.history.complete
                   ? cache->put(name, key, std::move(body))
                   : rendered_view{
                       std::make_shared<const std::string>(std::move(body)), "",
                       nullptr};
        } catch (const std::exception& e) {
          // The waiters must hear of it too, or they would wait forever.
          failure f{"internal", e.what(), {}};
          flights->land(name, key, f);
          reply_failure(c, f);
          return;
        }
        flights->land(name, key, view);
        c->reply(view_response(c, *cache, name, key, std::move(view)));
      });
    });
}

} // namespace ledger::api
