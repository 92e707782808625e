// The dashboard's files are served from the binary: the page at /, its
// script, style and chart library under /dashboard/, open without a key.

#include "api/auth.hpp"
#include "api/openapi.hpp"
#include "api/router.hpp"
#include "json/document.hpp"
#include "tests/api/fake_backend.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::api;

BOOST_AUTO_TEST_SUITE(dashboard_files)

BOOST_AUTO_TEST_CASE(the_page_and_its_files_are_served_without_a_key) {
  router_options options;
  options.keys = key_set::load("k-1", "");
  options.read_requires_key = true;
  router r{std::make_shared<test::fake_backend>(), options};
  auto get = [&](std::string target) {
    request req;
    req.method = "GET";
    req.target = std::move(target);
    response out;
    r.handle(std::move(req), [&](response answer) { out = std::move(answer); });
    return out;
  };
  auto page = get("/");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.content_type == "text/html; charset=utf-8");
  BOOST_TEST(page.body.find("/dashboard/app.js") != std::string::npos);
  auto script = get("/dashboard/app.js");
  BOOST_TEST(script.status == 200);
  BOOST_TEST(script.content_type == "text/javascript; charset=utf-8");
  BOOST_TEST(script.body.find("EventSource") != std::string::npos);
  BOOST_TEST(get("/dashboard/app.css").status == 200);
  BOOST_TEST(get("/dashboard/nothing.js").status == 404);
  // The data stays behind the key.
  BOOST_TEST(get("/v1/ledgers").status == 401);

  json::document described;
  BOOST_REQUIRE(!described.parse(openapi_document()));
  BOOST_TEST(described.root()["paths"].HasMember("/"));
  BOOST_TEST(described.root()["paths"].HasMember("/dashboard/{file}"));
}

BOOST_AUTO_TEST_SUITE_END()
