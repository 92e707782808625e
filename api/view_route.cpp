// view_ledger through the view cache (api/view_cache.hpp). Every view asks
// the ledger's actor for its record (in memory, no database); while the
// ledger's (incarnation, revision) is the one a stored body was rendered
// for, that body is the answer. Otherwise the snapshot is read -- after
// only this ledger's queued facts are committed, so a client sees the
// trades it reported -- rendered once and stored.

#include "api/gzip.hpp"
#include "api/routes.hpp"
#include "api/views.hpp"

namespace ledger::api {

namespace {

// The answer for a rendered view. The gzip encoding is made here, once per
// version, when a client first asks for it; finish_get (api/conditional.hpp)
// then picks the encoding and answers 304 when the client holds the tag.
response view_response(const call_ptr& c, view_cache& cache,
                       const std::string& name, view_key key,
                       rendered_view view, bool cached) {
  if (!view.gzipped && view.body->size() >= gzip_threshold &&
      accepts_gzip(c->req.header("accept-encoding"))) {
    view.gzipped = std::make_shared<const std::string>(gzip(*view.body));
    if (cached)
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
  engine->get(name, [c, engine, cache, name](outcome<ledger_info> got) {
    if (auto f = std::get_if<failure>(&got)) {
      if (f->code == "unknown_ledger")
        cache->erase(name); // deleted elsewhere (ledgerctl, another route)
      reply_failure(c, *f);
      return;
    }
    auto& info = std::get<ledger_info>(got);
    view_key key{info.incarnation, info.revision};
    if (auto hit = cache->find(name, key)) {
      c->reply(view_response(c, *cache, name, key, std::move(*hit), true));
      return;
    }
    engine->snapshot(
      std::move(info), on_success<ledger_snapshot>(c, [c, cache, name, key](
                                                        ledger_snapshot& snap) {
        auto body = seed_view(snap);
        if (!snap.complete) {
          // Facts may be missing: shown now, never remembered.
          auto r = json_response(200, std::move(body));
          c->reply(std::move(r));
          return;
        }
        auto view = cache->put(name, key, std::move(body));
        c->reply(view_response(c, *cache, name, key, std::move(view), true));
      }));
  });
}

} // namespace ledger::api
