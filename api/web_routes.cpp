// The dashboard (docs/dashboard.md): GET / is its page, GET
// /dashboard/<file> its script, style and chart library, all embedded in
// the binary. Open to everyone like the API description: the files hold no
// data; the page asks /v1 for it with the key the user types in.

#include "api/routes.hpp"
#include "api/web_assets.hpp"

namespace ledger::api {

namespace {

const web_asset* find_asset(std::string_view name) {
  for (std::size_t i = 0; i < web_asset_count; ++i)
    if (web_assets[i].name == name)
      return &web_assets[i];
  return nullptr;
}

std::string content_type(std::string_view name) {
  auto ends = [&](std::string_view tail) {
    return name.size() >= tail.size() &&
           name.substr(name.size() - tail.size()) == tail;
  };
  if (ends(".html"))
    return "text/html; charset=utf-8";
  if (ends(".js"))
    return "text/javascript; charset=utf-8";
  return "text/css; charset=utf-8";
}

void send(const call_ptr& c, const web_asset& asset) {
  response r;
  r.content_type = content_type(asset.name);
  r.body = std::string{asset.body};
  // Revalidated each time (the ETag makes that a 304): a new ledgerd's
  // page is never mixed with an old script.
  r.headers.emplace_back("Cache-Control", "no-cache");
  c->reply(std::move(r));
}

void page(const call_ptr& c, const services&) {
  send(c, *find_asset("index.html"));
}

void file(const call_ptr& c, const services&) {
  auto asset = find_asset(c->params.at(0));
  if (!asset) {
    c->reply(error_response(404, "unknown_route",
                            "the dashboard has no file " +
                              c->params.at(0).substr(0, 64)));
    return;
  }
  send(c, *asset);
}

} // namespace

std::vector<route> web_routes() {
  return {
    {"GET", "/", access::open, page},
    {"GET", "/dashboard/{file}", access::open, file},
  };
}

} // namespace ledger::api
